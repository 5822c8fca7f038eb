import { PerformanceMonitor, type PerformanceMonitorApi } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useXR } from '@react-three/xr';
import { useEffect, useSyncExternalStore } from 'react';
import type { DirectionalLight, Material, Mesh } from 'three';
import type { ZoneId } from '../shared/manifest';
import { QUALITY_LEVELS, qualityBounds, qualitySettings } from './quality-levels';
import { getQuality, judgeQuality, qualityProfile, subscribeQuality } from './quality-store';

/** Props of {@link AdaptiveQuality}. */
export interface AdaptiveQualityProps {
  /** The zone on show; frame rates are measured only while one is (loading frames are not the zone's). */
  shown?: ZoneId;
}

const bounds = (refreshRate: number) => qualityBounds(qualityProfile, refreshRate);

/**
 * Keeps the frame rate up by following it with the world's quality: drei's PerformanceMonitor
 * measures frame rates in windows and gives verdicts against this target's bounds, the quality
 * store steps the level (with hysteresis), and this applies the level: the canvas's pixel ratio
 * (outside XR only: in a session the XR layer owns the framebuffer, with foveation), shadows
 * from the cars, and the cars' level of detail (read by useAsset).
 */
export function AdaptiveQuality({ shown }: AdaptiveQualityProps) {
  const quality = useSyncExternalStore(subscribeQuality, getQuality);
  const inXR = useXR((state) => state.session != null);
  const setDpr = useThree((state) => state.setDpr);
  const level = QUALITY_LEVELS.findIndex((candidate) => candidate.name === quality.level);
  const settings = qualitySettings(level, { deviceDpr: window.devicePixelRatio, inXR });
  useEffect(() => {
    if (!inXR) setDpr(settings.dpr);
  }, [inXR, settings.dpr, setDpr]);
  const judged = (verdict: 'incline' | 'decline') => (api: PerformanceMonitorApi) => judgeQuality(verdict, api.fps, bounds(api.refreshrate));
  return (
    <>
      <CarShadows enabled={settings.shadows} zone={shown} />
      {shown && !quality.settled && (
        // A fresh monitor per zone: each zone's frames are its own.
        <PerformanceMonitor key={shown} ms={250} iterations={8} threshold={0.75} bounds={bounds} onIncline={judged('incline')} onDecline={judged('decline')} />
      )}
    </>
  );
}

/**
 * Shadows from the cars onto the zone, cast by the key (directional) light: turned on for the
 * zone on show and off again, with its materials recompiled for the change.
 */
function CarShadows({ enabled, zone }: { enabled: boolean; zone?: ZoneId }) {
  const gl = useThree((state) => state.gl);
  const scene = useThree((state) => state.scene);
  useEffect(() => {
    if (!enabled || !zone) return;
    const lights: DirectionalLight[] = [];
    const materials = new Set<Material>();
    scene.traverse((object) => {
      const light = object as DirectionalLight;
      if (light.isDirectionalLight) {
        lights.push(light);
        light.castShadow = true;
        light.shadow.mapSize.set(2048, 2048);
        Object.assign(light.shadow.camera, { left: -14, right: 14, top: 14, bottom: -14, near: 0.5, far: 40 });
        light.shadow.camera.updateProjectionMatrix();
      }
      const mesh = object as Mesh;
      if (mesh.isMesh) {
        mesh.receiveShadow = true;
        for (const material of [mesh.material].flat()) materials.add(material);
      }
      if (object.name.startsWith('car:')) object.traverse((part) => (part.castShadow = (part as Mesh).isMesh === true));
    });
    gl.shadowMap.enabled = true;
    materials.forEach((material) => (material.needsUpdate = true));
    return () => {
      gl.shadowMap.enabled = false;
      for (const light of lights) light.castShadow = false;
      materials.forEach((material) => (material.needsUpdate = true));
    };
  }, [enabled, zone, gl, scene]);
  return null;
}
