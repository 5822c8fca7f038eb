import { type Document, type mat4, MathUtils, type Mesh, type Node, type Transform, type vec3, type vec4 } from '@gltf-transform/core';
import { EXTMeshGPUInstancing } from '@gltf-transform/extensions';

const NAME = 'instanceRepeats';

/** Options for {@link instanceRepeats}. */
export interface InstanceRepeatsOptions {
  /** Fewest nodes sharing a mesh worth one instanced draw. */
  min?: number;
}

export const INSTANCE_REPEATS_DEFAULTS: Required<InstanceRepeatsOptions> = { min: 2 };

/** What an instanced node records in `extras.marque.instances`: the nodes it replaced, in order. */
export interface InstanceRecord {
  /** Name of the node the instance replaced, e.g. `wheel_fl`. */
  name: string;
  /** Name of that node's parent, e.g. `robot_3`. */
  parent: string;
}

/**
 * Draws repeated meshes (a car's four wheels, a hall's plinths, the factory's robot parts)
 * with EXT_mesh_gpu_instancing: one draw per primitive instead of one per node.
 *
 * Unlike glTF-Transform's `instance()`, which moves every batch to the scene root, the
 * instanced node goes under the nearest common ancestor of the nodes it replaces, so a car's
 * wheels still move with the car. It is named after what the nodes' names share (`wheel_fl`,
 * `wheel_fr` … become `wheel`) and lists the nodes it replaced, in instance order, in
 * `extras.marque.instances`, so every part stays addressable. Only leaf nodes that are not
 * skinned and not animated are instanced, and only where no animated node lies between them
 * and the instanced node's place (wheels each under their own turning hub stay where they
 * are, or they would stop turning). EXT_mesh_gpu_instancing is declared only when something
 * is instanced.
 */
export function instanceRepeats(options: InstanceRepeatsOptions = INSTANCE_REPEATS_DEFAULTS): Transform {
  const { min } = { ...INSTANCE_REPEATS_DEFAULTS, ...options };
  const transform = (document: Document): void => {
    const root = document.getRoot();
    const animated = new Set<Node>();
    for (const animation of root.listAnimations()) {
      for (const channel of animation.listChannels()) {
        const target = channel.getTargetNode();
        if (target) animated.add(target);
      }
    }
    let extension: EXTMeshGPUInstancing | undefined;
    for (const scene of root.listScenes()) {
      const byMesh = new Map<Mesh, Node[]>();
      scene.traverse((node) => {
        const mesh = node.getMesh();
        if (!mesh || node.getSkin() || node.listChildren().length > 0 || animated.has(node)) return;
        if (node.getExtension('EXT_mesh_gpu_instancing')) return;
        if (mesh.listPrimitives().some((p) => p.listTargets().length > 0)) return;
        byMesh.set(mesh, [...(byMesh.get(mesh) ?? []), node]);
      });
      for (const [mesh, nodes] of byMesh) {
        if (nodes.length < min) continue;
        const paths = nodes.map((node) => pathTo(scene.listChildren(), node));
        if (paths.some((p) => p === undefined)) continue;
        const common = commonPrefix(paths as Node[][]);
        // Moving a node out from under an animated ancestor would stop it following that animation.
        if ((paths as Node[][]).some((path) => path.slice(common.length).some((node) => animated.has(node)))) continue;
        const translations: number[] = [];
        const rotations: number[] = [];
        const scales: number[] = [];
        for (const path of paths as Node[][]) {
          const matrix = path.slice(common.length).reduce<mat4>((m, n) => multiply(m, n.getMatrix()), IDENTITY);
          const t = [0, 0, 0] as vec3;
          const r = [0, 0, 0, 1] as vec4;
          const s = [1, 1, 1] as vec3;
          MathUtils.decompose(matrix, t, r, s);
          translations.push(...t);
          rotations.push(...r);
          scales.push(...s);
        }
        extension ??= document.createExtension(EXTMeshGPUInstancing);
        const buffer = root.listBuffers()[0] ?? document.createBuffer();
        const accessor = (type: 'VEC3' | 'VEC4', values: number[]) =>
          document.createAccessor().setType(type).setArray(new Float32Array(values)).setBuffer(buffer);
        const batch = extension
          .createInstancedMesh()
          .setAttribute('TRANSLATION', accessor('VEC3', translations))
          .setAttribute('ROTATION', accessor('VEC4', rotations))
          .setAttribute('SCALE', accessor('VEC3', scales));
        const instances: InstanceRecord[] = nodes.map((node, i) => ({
          name: node.getName(),
          parent: (paths[i] as Node[]).at(-2)?.getName() ?? '',
        }));
        const batchNode = document
          .createNode(groupName(nodes, mesh))
          .setMesh(mesh)
          .setExtension('EXT_mesh_gpu_instancing', batch)
          .setExtras({ marque: { instances } });
        const parent = common.at(-1);
        if (parent) parent.addChild(batchNode);
        else scene.addChild(batchNode);
        for (const node of nodes) node.dispose();
      }
    }
    // An input may declare the extension without using it (or lose its last batch to clean-up).
    const declared = root.listExtensionsUsed().find((e) => e.extensionName === EXTMeshGPUInstancing.EXTENSION_NAME);
    if (declared && !root.listNodes().some((node) => node.getExtension('EXT_mesh_gpu_instancing'))) declared.dispose();
    document.getLogger().debug(`${NAME}: Complete.`);
  };
  return Object.defineProperty(transform, 'name', { value: NAME });
}

const IDENTITY: mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** Column-major 4×4 product a·b. */
function multiply(a: mat4, b: mat4): mat4 {
  const out = new Array<number>(16).fill(0);
  for (let column = 0; column < 4; column++) {
    for (let row = 0; row < 4; row++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += a[k * 4 + row] * b[column * 4 + k];
      out[column * 4 + row] = sum;
    }
  }
  return out as unknown as mat4;
}

/** Nodes from a scene root down to `target`, inclusive. */
function pathTo(roots: Node[], target: Node): Node[] | undefined {
  for (const node of roots) {
    if (node === target) return [node];
    const below = pathTo(node.listChildren(), target);
    if (below) return [node, ...below];
  }
  return undefined;
}

/** The ancestors every path shares (never the leaf nodes themselves). */
function commonPrefix(paths: Node[][]): Node[] {
  const shortest = Math.min(...paths.map((p) => p.length)) - 1;
  const common: Node[] = [];
  for (let i = 0; i < shortest && paths.every((p) => p[i] === paths[0][i]); i++) common.push(paths[0][i]);
  return common;
}

/** `wheel_fl`, `wheel_rr` → `wheel`; falls back to the mesh's name, then `instances`. */
function groupName(nodes: Node[], mesh: Mesh): string {
  const names = nodes.map((node) => node.getName());
  let prefix = names[0] ?? '';
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.replace(/[\s_.-]*\d*$/, '').replace(/[\s_.-]+$/, '');
  return prefix || mesh.getName() || 'instances';
}
