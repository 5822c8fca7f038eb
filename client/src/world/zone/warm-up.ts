import type { Camera, Material, Object3D, Scene, Texture, WebGLRenderer } from 'three';

/**
 * Prepares a loaded zone before it is shown, so that its first frames do not stall: uploads
 * every texture its materials use (`initTexture`) and compiles the shader program of every
 * material in the scene (`compileAsync`, in parallel where the GPU offers
 * KHR_parallel_shader_compile). `root` may be hidden, and so may parts of it that show only
 * now and then (the factory's weld glow, paint mist and scanner fan): all are made visible just
 * while the compile gathers the scene's lights and materials (synchronously, so no frame shows
 * them), so that their programs are ready, with the zone's lights counted as they will be once
 * shown, before they first appear.
 */
export async function warmUp(renderer: WebGLRenderer, scene: Scene, camera: Camera, root: Object3D): Promise<void> {
  const textures = new Set<Texture>();
  root.traverse((object) => {
    const material = (object as { material?: Material | Material[] }).material;
    if (!material) return;
    for (const one of Array.isArray(material) ? material : [material]) {
      for (const value of Object.values(one)) if ((value as Texture | null)?.isTexture) textures.add(value as Texture);
    }
  });
  for (const texture of textures) renderer.initTexture(texture);
  const hidden: Object3D[] = [];
  root.traverse((object) => {
    if (object.visible) return;
    hidden.push(object);
    object.visible = true;
  });
  let compiled: Promise<unknown>;
  try {
    compiled = renderer.compileAsync(scene, camera);
  } finally {
    for (const object of hidden) object.visible = false;
  }
  await compiled;
}
