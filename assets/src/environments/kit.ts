import { Document, type Material, type Mesh, type Node } from '@gltf-transform/core';
import { AssetError } from '../asset-error';
import { boxBetween } from '../geometry/primitives';
import type { MeshBuilder, UvMapping } from '../geometry/mesh-builder';
import type { Vec3 } from '../geometry/vec';
import { createMesh } from '../gltf/create-mesh';
import { createLook, type LookName } from '../materials/looks';

/** Licence written into every generated file (see assets/LICENSES.md). */
export const WORLD_COPYRIGHT = 'Marque project, original work, CC0-1.0';

/** What an anchor marks; the client places cars and visitors at them. */
export type AnchorExtras = { anchor: 'car'; station?: string } | { anchor: 'spawn' };

/**
 * A raised area a visitor stands on (a stage, a tier of seats): from `min` to `max` in x and
 * z, its top `y` metres above the ground. Where areas overlap, the highest counts; elsewhere
 * the floor is at 0. Recorded in the environment root's `extras.marque.floors`.
 */
export interface FloorArea {
  min: readonly [number, number];
  max: readonly [number, number];
  y: number;
}

/** Placement of a node: translation, rotation about +Y (radians) or a quaternion, scale. */
export interface Placement {
  at?: Vec3;
  yaw?: number;
  /** A full rotation (x, y, z, w); overrides `yaw`. */
  rotation?: readonly [number, number, number, number];
  scale?: Vec3;
}

/**
 * One primitive of an environment mesh: geometry, look, texture tiles per metre (box
 * mapping), or an explicit UV mapping (a screen that must span 0..1).
 */
export type KitPart = readonly [MeshBuilder, LookName, (number | UvMapping)?];

/** The quaternion of a rotation by `angle` radians about the unit `axis`. */
export function quaternion(axis: Vec3, angle: number): [number, number, number, number] {
  const s = Math.sin(angle / 2);
  return [axis[0] * s, axis[1] * s, axis[2] * s, Math.cos(angle / 2)];
}

/**
 * Adds a rectangular room's shell around the floor from `min` to `max` (x, z): four walls
 * `thickness` thick standing outside its edges up to `height`, and a ceiling slab as thick on
 * top of them (into `ceiling`, which may be `walls` itself).
 */
export function addRoomShell(
  walls: MeshBuilder,
  ceiling: MeshBuilder,
  [x0, z0]: readonly [number, number],
  [x1, z1]: readonly [number, number],
  height: number,
  thickness: number,
): void {
  const t = thickness;
  boxBetween(walls, [x0 - t, 0, z0 - t], [x0, height, z1 + t]);
  boxBetween(walls, [x1, 0, z0 - t], [x1 + t, height, z1 + t]);
  boxBetween(walls, [x0, 0, z0 - t], [x1, height, z0]);
  boxBetween(walls, [x0, 0, z1], [x1, height, z1 + t]);
  boxBetween(ceiling, [x0 - t, height, z0 - t], [x1 + t, height + t, z1 + t]);
}

/**
 * Helpers shared by the environment builders: one document with one scene and a root node,
 * one material per look (created on first use and reused by every mesh), meshes with box-
 * mapped UVs, and placed nodes and anchors.
 */
export class EnvironmentKit {
  readonly doc = new Document();
  readonly root: Node;
  private readonly looks = new Map<LookName, Promise<Material>>();
  private readonly floors: FloorArea[] = [];

  constructor(
    readonly id: string,
    zone: string,
  ) {
    this.doc.getRoot().getAsset().copyright = WORLD_COPYRIGHT;
    this.root = this.doc.createNode(id).setExtras({ marque: { kind: 'environment', zone } });
    this.doc.createScene(id).addChild(this.root);
  }

  /** The material for a look; the same object every time within this document. */
  look(name: LookName): Promise<Material> {
    let m = this.looks.get(name);
    if (!m) this.looks.set(name, (m = createLook(this.doc, name)));
    return m;
  }

  /** A mesh with one primitive per part; parts without triangles are left out. */
  async mesh(name: string, parts: readonly KitPart[]): Promise<Mesh> {
    const resolved = [];
    for (const [builder, look, tiles = 1] of parts) {
      const uv: UvMapping = typeof tiles === 'number' ? { mode: 'box', scale: tiles } : tiles;
      resolved.push({ builder, material: await this.look(look), options: { uv } });
    }
    const mesh = createMesh(this.doc, name, resolved);
    if (mesh.listPrimitives().length === 0) throw new AssetError('environments', `mesh "${name}" of "${this.id}" is empty`);
    return mesh;
  }

  /** A child of `parent` (the root by default), optionally with a mesh. */
  node(name: string, placement: Placement = {}, mesh?: Mesh, parent: Node = this.root): Node {
    const node = this.doc.createNode(name);
    if (placement.at) node.setTranslation([...placement.at]);
    if (placement.rotation) node.setRotation([...placement.rotation]);
    else if (placement.yaw) node.setRotation(quaternion([0, 1, 0], placement.yaw));
    if (placement.scale) node.setScale([...placement.scale]);
    if (mesh) node.setMesh(mesh);
    parent.addChild(node);
    return node;
  }

  /**
   * Places `mesh` once per placement as siblings under one group node, which the pipeline
   * turns into a single instanced draw.
   */
  instances(group: string, mesh: Mesh, placements: readonly Placement[], parent: Node = this.root): Node {
    const holder = this.node(group, {}, undefined, parent);
    placements.forEach((p, i) => this.node(`${group}_${i}`, p, mesh, holder));
    return holder;
  }

  /** Records a raised area visitors walk on, so the client keeps their eyes above it. */
  floor(min: readonly [number, number], max: readonly [number, number], y: number): void {
    this.floors.push({ min: [min[0], min[1]], max: [max[0], max[1]], y });
    const marque = (this.root.getExtras() as { marque: Record<string, unknown> }).marque;
    this.root.setExtras({ marque: { ...marque, floors: this.floors.map((f) => ({ ...f })) } });
  }

  /** An empty node marking where a car stands or a visitor appears. */
  anchor(name: string, extras: AnchorExtras, placement: Placement, parent: Node = this.root): Node {
    return this.node(name, placement, undefined, parent).setExtras({ marque: extras });
  }
}
