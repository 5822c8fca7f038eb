import { Material, MeshStandardMaterial, type Mesh, type Object3D } from 'three';

/** The lamp materials every car is built with (assets/src/cars/build-car.ts), on its `lights` node. */
export const LAMP_MATERIALS: readonly string[] = ['light_front', 'light_rear'];

/** Emissive intensity of lamps switched on; as built they glow at 1, like lenses catching the hall's light. */
export const LAMPS_ON_INTENSITY = 6;

/**
 * Switches a car's lamps on: each lamp mesh under `root` gets its own copy of its lamp
 * material with the emissive intensity raised, so the car's other copies (the glb's materials
 * are shared between them, and with other zones) stay as they are. Returns the switch back,
 * which puts the original materials back and frees the copies.
 */
export function switchLampsOn(root: Object3D, intensity = LAMPS_ON_INTENSITY): () => void {
  const swapped: { mesh: Mesh; original: Material | Material[] }[] = [];
  const copies: Material[] = [];
  const brighter = (material: Material): Material => {
    if (!LAMP_MATERIALS.includes(material.name) || !(material instanceof MeshStandardMaterial)) return material;
    const copy = material.clone();
    copy.emissiveIntensity = intensity;
    copies.push(copy);
    return copy;
  };
  root.traverse((object) => {
    const mesh = object as Mesh;
    if (!mesh.isMesh) return;
    const original = mesh.material;
    const next = Array.isArray(original) ? original.map(brighter) : brighter(original);
    const changed = Array.isArray(next) ? next.some((m, i) => m !== (original as Material[])[i]) : next !== original;
    if (!changed) return;
    swapped.push({ mesh, original });
    mesh.material = next;
  });
  return () => {
    for (const { mesh, original } of swapped) mesh.material = original;
    for (const copy of copies) copy.dispose();
  };
}
