import { Environment, Lightformer } from '@react-three/drei';
import type { ZoneId } from '../shared/manifest';

/** How a zone is lit: the backdrop, the ambient sky/ground tint and the key light. */
export interface ZoneLook {
  background: string;
  sky: string;
  ground: string;
  ambient: number;
  key: number;
  /** Colour of the overhead strips that paint and glass mirror. */
  strips: string;
  stripIntensity: number;
  /** A spot from the rig onto the zone's first car, in candela (a dark venue's show light). */
  carSpot?: number;
}

export const ZONE_LOOKS: Record<ZoneId, ZoneLook> = {
  museum: { background: '#0d0c0b', sky: '#fff4e2', ground: '#1a1613', ambient: 0.45, key: 0.8, strips: '#fff1dc', stripIntensity: 8 },
  factory: { background: '#0e1013', sky: '#eef4ff', ground: '#15171a', ambient: 0.6, key: 1.0, strips: '#f4f8ff', stripIntensity: 7 },
  arena: { background: '#050507', sky: '#c9d4ff', ground: '#0a0a0c', ambient: 0.25, key: 0.6, strips: '#dfe6ff', stripIntensity: 6, carSpot: 3500 },
  garage: { background: '#0b0c0e', sky: '#e8eef8', ground: '#141414', ambient: 0.45, key: 0.7, strips: '#eef3ff', stripIntensity: 7 },
  lounge: { background: '#100d0b', sky: '#ffeeda', ground: '#1c1612', ambient: 0.55, key: 0.7, strips: '#ffe9d0', stripIntensity: 6 },
};

/**
 * Light for a zone built by the pipeline: reflections from Lightformer panels rendered
 * locally (no HDR download) that stand for the zone's overhead light strips, plus a
 * hemisphere and a key light. The zone's own emissive fixtures in the glb match them.
 */
export function ZoneLighting({ zone }: { zone: ZoneId }) {
  const look = ZONE_LOOKS[zone];
  return (
    <>
      <color attach="background" args={[look.background]} />
      <Environment resolution={256} frames={1}>
        {[-5, 0, 5].map((x) => (
          <Lightformer key={x} form="rect" intensity={look.stripIntensity} color={look.strips} position={[x, 7, 0]} rotation-x={Math.PI / 2} scale={[0.5, 32, 1]} />
        ))}
        <Lightformer form="rect" intensity={0.8} color={look.sky} position={[-12, 3.5, 0]} rotation-y={Math.PI / 2} scale={[34, 5, 1]} />
        <Lightformer form="rect" intensity={0.8} color={look.sky} position={[12, 3.5, 0]} rotation-y={-Math.PI / 2} scale={[34, 5, 1]} />
      </Environment>
      <hemisphereLight args={[look.sky, look.ground, look.ambient]} />
      <directionalLight position={[4, 10, 6]} intensity={look.key} color={look.sky} />
    </>
  );
}
