/**
 * The figures the asset benchmark takes of one optimiser's output: size on the wire, the
 * triangles it draws and what the Khronos validator thinks of it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Document, Mesh, Node, Primitive } from '@gltf-transform/core';
import type { InstancedMesh } from '@gltf-transform/extensions';
import { createIO } from '../../pipelines/src/create-io';
import { sceneStats } from '../../pipelines/src/scene-stats';
import { validateGlb } from '../../pipelines/src/transforms/validate-glb';
import { readAssetFiles, resolveUri } from './gltf-resources';

export interface Figures {
  /** The output plus every external file it refers to. */
  bytes: number;
  /** Each of those files gzipped at level 9, summed. */
  gzipBytes: number;
  /** Triangles drawn by the default scene, once per GPU instance. */
  triangles: number;
  /** Khronos glTF-Validator errors. */
  validatorErrors: number;
  /** Wall time of the tool that made it. */
  ms: number;
}

/** Triangles drawn by the glTF's default scene, counting every instance. */
export function countTriangles(document: Document): number {
  const primitiveTriangles = (primitive: Primitive): number => {
    const count = primitive.getIndices()?.getCount() ?? primitive.getAttribute('POSITION')?.getCount() ?? 0;
    const mode = primitive.getMode();
    if (mode === 4) return Math.floor(count / 3);
    if (mode === 5 || mode === 6) return Math.max(0, count - 2);
    return 0;
  };
  const meshTriangles = (mesh: Mesh) => mesh.listPrimitives().reduce((sum, p) => sum + primitiveTriangles(p), 0);
  const root = document.getRoot();
  const scenes = root.getDefaultScene() ? [root.getDefaultScene()!] : root.listScenes();
  let plain = 0;
  let instanced = 0;
  const visit = (node: Node): void => {
    const mesh = node.getMesh();
    if (mesh) {
      const instances = node.getExtension<InstancedMesh>('EXT_mesh_gpu_instancing')?.listAttributes()[0]?.getCount() ?? 1;
      plain += meshTriangles(mesh);
      instanced += meshTriangles(mesh) * instances;
    }
    node.listChildren().forEach(visit);
  };
  scenes.forEach((scene) => scene.listChildren().forEach(visit));
  // sceneStats is the pipeline's own count. The committed one did not multiply by GPU instances
  // (the one in progress does): take it when it agrees with the walk above, else say so.
  const stats = sceneStats(document).triangles;
  if (stats === instanced) return stats;
  if (stats !== plain) console.warn(`  warning: sceneStats counts ${stats} triangles, the bench ${plain} (${instanced} with instances)`);
  return instanced;
}

/** Measures the asset at `output` (a .glb or .gltf) with the files it refers to. */
export async function measureOutput(output: string): Promise<Omit<Figures, 'ms'> & { files: string[] }> {
  const files = await readAssetFiles(output);
  const [glb] = files as [(typeof files)[0]];
  const document = await (await createIO()).read(output);
  const report = await validateGlb(glb.bytes, {
    uri: path.basename(output),
    externalResource: async (uri) => new Uint8Array(await readFile(resolveUri(output, uri))),
  });
  return {
    bytes: files.reduce((sum, f) => sum + f.bytes.byteLength, 0),
    gzipBytes: files.reduce((sum, f) => sum + gzipSync(f.bytes, { level: 9 }).byteLength, 0),
    triangles: countTriangles(document),
    validatorErrors: report.errors,
    files: files.map((f) => path.relative(path.dirname(output), f.path)),
  };
}

