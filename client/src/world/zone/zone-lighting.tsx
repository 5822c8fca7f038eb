import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { DoubleSide, Mesh, MeshBasicMaterial, PlaneGeometry, PMREMGenerator, Scene } from 'three';

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

/**
 * Light for a zone built by the pipeline: reflections from emissive panels rendered locally
 * into a prefiltered environment map (no HDR download) that stand for the zone's overhead
 * light strips and its walls, plus a hemisphere and a key light. The zone's own emissive
 * fixtures in the glb match them.
 */
export function ZoneLighting({ look }: { look: ZoneLook }) {
  useZoneEnvironment(look);
  return (
    <>
      <color attach="background" args={[look.background]} />
      <hemisphereLight args={[look.sky, look.ground, look.ambient]} />
      <directionalLight position={[4, 10, 6]} intensity={look.key} color={look.sky} />
    </>
  );
}

/** An emissive panel of the environment: a plane of `color` × `intensity`, seen from both sides. */
interface Panel {
  color: string;
  intensity: number;
  position: [number, number, number];
  rotation: [number, number, number];
  scale: [number, number];
}

function panels(look: ZoneLook): Panel[] {
  return [
    ...[-5, 0, 5].map((x): Panel => ({ color: look.strips, intensity: look.stripIntensity, position: [x, 7, 0], rotation: [Math.PI / 2, 0, 0], scale: [0.5, 32] })),
    { color: look.sky, intensity: 0.8, position: [-12, 3.5, 0], rotation: [0, Math.PI / 2, 0], scale: [34, 5] },
    { color: look.sky, intensity: 0.8, position: [12, 3.5, 0], rotation: [0, -Math.PI / 2, 0], scale: [34, 5] },
  ];
}

/**
 * Renders the zone's light panels once into a prefiltered (PMREM) environment map and makes it
 * the scene's environment, which PBR materials reflect; released when the zone goes.
 */
function useZoneEnvironment(look: ZoneLook) {
  const gl = useThree((state) => state.gl);
  const scene = useThree((state) => state.scene);
  useEffect(() => {
    const room = new Scene();
    const geometry = new PlaneGeometry(1, 1);
    const materials: MeshBasicMaterial[] = [];
    for (const panel of panels(look)) {
      const material = new MeshBasicMaterial({ color: panel.color, side: DoubleSide, toneMapped: false });
      material.color.multiplyScalar(panel.intensity);
      materials.push(material);
      const mesh = new Mesh(geometry, material);
      mesh.position.set(...panel.position);
      mesh.rotation.set(...panel.rotation);
      mesh.scale.set(panel.scale[0], panel.scale[1], 1);
      room.add(mesh);
    }
    const pmrem = new PMREMGenerator(gl);
    const target = pmrem.fromScene(room, 0, 0.1, 100);
    scene.environment = target.texture;
    geometry.dispose();
    for (const material of materials) material.dispose();
    pmrem.dispose();
    return () => {
      if (scene.environment === target.texture) scene.environment = null;
      target.dispose();
    };
  }, [gl, scene, look]);
}
