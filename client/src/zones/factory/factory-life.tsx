import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Object3D } from 'three';
import { useFrameStage } from '../../frame-loop';
import { reducedMotion } from '../../world/shared/reduced-motion';
import { BELT_SPEED } from './belt-motion';
import { FactoryRig } from './factory-rig';
import { ToolEffects } from './tool-effects';

/** Props of {@link FactoryLife}. */
export interface FactoryLifeProps {
  /** The factory's environment as loaded (its `robots` and `conveyor_slats` are moved in place). */
  environment: Object3D;
  /** Belt speed along the line, metres a second. */
  beltSpeed?: number;
}

/**
 * The factory line at work: every robot runs its station's cycle (welding, spraying, fitting,
 * scanning), each at its own phase, with its tool's effect while it works, and the conveyor's
 * belt runs along the line; cars stay on their stations. Everything follows the canvas clock,
 * so a hidden tab (no frames) simply resumes where the clock is. When the visitor prefers
 * reduced motion the line stands still: the robots hold a working pose, the belt stops and
 * no effect flickers.
 */
export function FactoryLife({ environment, beltSpeed = BELT_SPEED }: FactoryLifeProps) {
  // Made in an effect, not during render: they add to and change the shared, cached scene,
  // and must be undone exactly once for each time they were made.
  const life = useRef<{ rig: FactoryRig; effects: ToolEffects }>(undefined);
  useEffect(() => {
    let rig: FactoryRig;
    try {
      rig = new FactoryRig(environment);
    } catch (error) {
      // The hall stays as the file has it, standing still; the console says what is missing.
      console.error(error instanceof Error ? error.message : error);
      return;
    }
    const effects = new ToolEffects(rig);
    life.current = { rig, effects };
    return () => {
      life.current = undefined;
      effects.dispose();
      rig.restore();
    };
  }, [environment]);
  const reduced = usePrefersReducedMotion();
  useFrameStage('animation', ({ clock }) => {
    const current = life.current;
    if (!current) return;
    if (reduced) {
      current.rig.update(undefined);
      current.effects.hide();
      return;
    }
    const seconds = clock.elapsedTime;
    current.rig.update(seconds, beltSpeed);
    current.effects.update(seconds);
  });
  return null;
}

function subscribeReducedMotion(onChange: () => void): () => void {
  reducedMotion?.addEventListener('change', onChange);
  return () => reducedMotion?.removeEventListener('change', onChange);
}

/** Whether the visitor asks for reduced motion, following changes to the setting. */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(subscribeReducedMotion, () => reducedMotion?.matches ?? false);
}
