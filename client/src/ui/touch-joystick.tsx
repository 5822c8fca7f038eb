import { useEffect, useRef, useState, type ComponentProps, type PointerEvent as ReactPointerEvent } from 'react';
import { clampKnob, joystickVector, touchControls, type TouchControls } from '../world/shared/touch-controls';
import './touch-joystick.css';

/** Props of {@link TouchJoystick}. */
export type TouchJoystickProps = ComponentProps<'div'> & {
  /** The controls it steers; the page's own by default. */
  controls?: TouchControls;
  /** The base's radius, CSS pixels: the knob's full travel. */
  radius?: number;
};

/**
 * A thumb-sized joystick for touch screens, bottom-left: drag the knob to walk (the further,
 * the faster), let go to stop. Hidden from screen readers: it is a pointer gesture, and the
 * keyboard walks with WASD.
 */
export function TouchJoystick({ controls = touchControls, radius = 48, className, ...props }: TouchJoystickProps) {
  const [knob, setKnob] = useState({ x: 0, y: 0 });
  const drag = useRef<{ id: number; x: number; y: number }>(undefined);

  useEffect(() => {
    const move = (event: PointerEvent) => {
      const current = drag.current;
      if (!current || current.id !== event.pointerId) return;
      const dx = event.clientX - current.x;
      const dy = event.clientY - current.y;
      setKnob(clampKnob(dx, dy, radius));
      controls.setStick(joystickVector(dx, dy, radius));
    };
    const end = (event: PointerEvent) => {
      if (!drag.current || drag.current.id !== event.pointerId) return;
      drag.current = undefined;
      setKnob({ x: 0, y: 0 });
      controls.setStick({ x: 0, y: 0, magnitude: 0 });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
      controls.setStick({ x: 0, y: 0, magnitude: 0 });
    };
  }, [controls, radius]);

  const start = (event: ReactPointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const rect = event.currentTarget.getBoundingClientRect();
    // The stick's centre is the base's, so a press off-centre already walks.
    drag.current = { id: event.pointerId, x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    try {
      event.currentTarget.setPointerCapture(event.pointerId);
    } catch {
      // A synthetic pointer (tests) has nothing to capture; the window listeners still follow it.
    }
    const dx = event.clientX - drag.current.x;
    const dy = event.clientY - drag.current.y;
    setKnob(clampKnob(dx, dy, radius));
    controls.setStick(joystickVector(dx, dy, radius));
  };

  return (
    <div
      className={`touch-joystick${className ? ` ${className}` : ''}`}
      aria-hidden="true"
      data-testid="joystick"
      style={{ width: radius * 2, height: radius * 2 }}
      onPointerDown={start}
      {...props}
    >
      <span className="touch-joystick-knob" style={{ transform: `translate(${knob.x}px, ${knob.y}px)` }} />
    </div>
  );
}
