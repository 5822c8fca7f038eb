import { Document, type Material, type Mesh, type Node } from '@gltf-transform/core';
import { MarqueError } from '../../../protocol/src/errors';
import { box, boxBetween } from '../geometry/primitives';
import type { MeshBuilder, UvMapping } from '../geometry/mesh-builder';
import { composeAffine, rotationY, translation, type Vec3 } from '../geometry/vec';
import { createMesh } from '../gltf/create-mesh';
import { createLook, type LookName } from '../materials/looks';
import type { ZoneId } from '../../../protocol/src/zones';

/** Licence written into every generated file (see assets/LICENSES.md). */
export const WORLD_COPYRIGHT = 'Marque project, original work, CC0-1.0';

/**
 * What an anchor marks; the client places cars and visitors at them. A `portal` stands at the
 * foot of a doorway to the zone `to`, on the wall's face, looking into the room (+Z), with
 * the opening's `width` and `height` in metres.
 */
export type AnchorExtras =
  | { anchor: 'car'; station?: string }
  | { anchor: 'spawn' }
  | { anchor: 'portal'; to: ZoneId; width: number; height: number };

/** A doorway's opening (width, height) and its frame's bar and depth, in metres. */
export const DOORWAY = { width: 1.4, height: 2.5, frame: 0.12, depth: 0.16 } as const;

/** Where a doorway's parts go: each builder belongs to a mesh placed at the root's origin, so adding to it costs no draw call. */
export interface DoorwayParts {
  /** The jambs and lintel (brass, steel). */
  frame: MeshBuilder;
  /** The dark opening and the sign board over it, where the client lights the destination's name. */
  dark: MeshBuilder;
  /** A light line along the threshold and up the jambs. */
  light: MeshBuilder;
}

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
 * Adds a doorway on a wall: its foot at `at` on the wall's face, turned by `yaw` about +Y so
 * that its +Z looks into the room. The geometry goes into the zone's existing meshes (see
 * {@link DoorwayParts}); pair it with {@link EnvironmentKit.portal} at the same place.
 */
export function addDoorway(parts: DoorwayParts, at: Vec3, yaw: number): void {
  const { width: w, height: h, frame: f, depth: d } = DOORWAY;
  const place = (size: Vec3, centre: Vec3, into: MeshBuilder) => box(into, size, composeAffine(translation(at), composeAffine(rotationY(yaw), translation(centre))));
  place([w, h, 0.02], [0, h / 2, 0.01], parts.dark);
  for (const side of [-1, 1]) {
    place([f, h + f, d], [side * (w / 2 + f / 2), (h + f) / 2, d / 2], parts.frame);
    place([0.025, h, 0.025], [side * (w / 2 - 0.02), h / 2, 0.035], parts.light);
  }
  place([w + 2 * f, f, d], [0, h + f / 2, d / 2], parts.frame);
  place([w, 0.02, 0.05], [0, 0.01, 0.05], parts.light);
  // The sign board over the lintel, a little proud of the wall.
  place([w + 2 * f + 0.2, 0.46, 0.05], [0, h + f + 0.33, 0.025], parts.dark);
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
    if (mesh.listPrimitives().length === 0) throw new MarqueError('assets/environments', `mesh "${name}" of "${this.id}" is empty`, { details: 'give each part of the mesh some geometry, or leave the part out' });
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

  /** The anchor of a doorway to `to` built by {@link addDoorway} at the same place: `anchor_portal_<to>`. */
  portal(to: ZoneId, at: Vec3, yaw: number, parent: Node = this.root): Node {
    return this.anchor(`anchor_portal_${to}`, { anchor: 'portal', to, width: DOORWAY.width, height: DOORWAY.height }, { at, yaw }, parent);
  }

  /** An empty node marking where a car stands or a visitor appears. */
  anchor(name: string, extras: AnchorExtras, placement: Placement, parent: Node = this.root): Node {
    return this.node(name, placement, undefined, parent).setExtras({ marque: extras });
  }
}
