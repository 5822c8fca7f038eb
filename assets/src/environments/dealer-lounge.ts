import type { Document } from '@gltf-transform/core';
import { MeshBuilder } from '../geometry/mesh-builder';
import { box, boxBetween, cylinder, roundedBox } from '../geometry/primitives';
import { strokeText } from '../geometry/stroke-font';
import { composeAffine, rotationX, rotationY, translation, type Vec3 } from '../geometry/vec';
import type { ZoneId } from '../../../protocol/src/zones';
import { addDoorway, addRoomShell, EnvironmentKit, type Placement } from './kit';

/** Where the glass partition between the lounge (x below) and the service bay (x above) stands. */
const PARTITION_X = 4;

/**
 * The dealer's service lounge: a terrazzo lounge with a walnut and stone reception desk under
 * the wordmark, leather sofas and armchairs round stone coffee tables, pendant lights, and
 * through a glass partition a glimpse of the service bay, where the owner's car stands by a
 * lift (`anchor_car_0`).
 */
export async function buildDealerLounge(): Promise<Document> {
  const kit = new EnvironmentKit('dealer-lounge', 'lounge');
  const X = 12;
  const Z = 8;
  const H = 4.5;
  const P = PARTITION_X;

  const lounge = new MeshBuilder().quad([-X, 0, Z], [P, 0, Z], [P, 0, -Z], [-X, 0, -Z]);
  const bay = new MeshBuilder().quad([P, 0, Z], [X, 0, Z], [X, 0, -Z], [P, 0, -Z]);
  const walls = new MeshBuilder();
  const t = 0.25;
  const ceiling = new MeshBuilder();
  addRoomShell(walls, ceiling, [-X, -Z], [X, Z], H, t);
  const cove = new MeshBuilder();
  boxBetween(cove, [-X, H - 0.3, -Z], [P, H - 0.26, -Z + 0.06]);
  boxBetween(cove, [-X, H - 0.3, Z - 0.06], [P, H - 0.26, Z]);
  const glass = new MeshBuilder();
  boxBetween(glass, [P - 0.01, 0, -Z], [P + 0.01, H, Z]);
  const mullions = new MeshBuilder();
  for (let z = -Z; z <= Z; z += 2) boxBetween(mullions, [P - 0.04, 0, z - 0.03], [P + 0.04, H, z + 0.03]);
  boxBetween(mullions, [P - 0.05, 0, -Z], [P + 0.05, 0.08, Z]);
  // Doorways: to the museum in the end wall, to the garage in the front wall, framed in brushed metal like the partition.
  const doorways: readonly { to: ZoneId; at: Vec3; yaw: number }[] = [
    { to: 'museum', at: [-X, 0, -4], yaw: Math.PI / 2 },
    { to: 'garage', at: [-1.5, 0, Z], yaw: Math.PI },
  ];
  for (const { at, yaw } of doorways) addDoorway({ frame: mullions, dark: ceiling, light: cove }, at, yaw);
  const rug = new MeshBuilder();
  boxBetween(rug, [-6.5, 0, -4.5], [0.5, 0.012, 1.5]);
  kit.node('lounge', {}, await kit.mesh('lounge', [
    [lounge, 'terrazzo', 0.4],
    [bay, 'concrete', 0.25],
    [walls, 'plaster'],
    [ceiling, 'charcoal'],
    [cove, 'light-warm'],
    [glass, 'glass'],
    [mullions, 'brushed-metal'],
    [rug, 'fabric', 2],
  ]));

  // Reception desk before the wordmark wall.
  const front = new MeshBuilder();
  boxBetween(front, [-10.2, 0.08, 1.5], [-9.6, 1.05, 5.5]);
  boxBetween(front, [-11.2, 0.08, 5.5], [-9.6, 1.05, 6.1]);
  const top = new MeshBuilder();
  boxBetween(top, [-10.3, 1.05, 1.4], [-9.5, 1.12, 5.6]);
  boxBetween(top, [-11.3, 1.05, 5.4], [-9.5, 1.12, 6.2]);
  const kick = new MeshBuilder();
  boxBetween(kick, [-10.15, 0, 1.55], [-9.65, 0.08, 6.05]);
  kit.node('reception', {}, await kit.mesh('reception', [
    [front, 'walnut', 2],
    [top, 'black-stone'],
    [kick, 'brass'],
  ]));
  const panel = new MeshBuilder();
  boxBetween(panel, [-X, 1.6, 1.2], [-X + 0.06, 3.6, 6.4]);
  const mark = new MeshBuilder();
  strokeText(mark, 'MARQUE', { height: 0.5, depth: 0.04, transform: composeAffine(translation([-X + 0.07, 2.75, 3.8]), rotationY(Math.PI / 2)) });
  const line = new MeshBuilder();
  box(line, [0.02, 0.02, 3.4], translation([-X + 0.09, 2.3, 3.8]));
  kit.node('wordmark', {}, await kit.mesh('wordmark', [
    [panel, 'black-stone'],
    [mark, 'brass'],
    [line, 'sign-glow'],
  ]));

  // Seating: sofas and armchairs share two looks, leather on a walnut plinth.
  const sofaLeather = new MeshBuilder();
  roundedBox(sofaLeather, [2.2, 0.2, 0.85], 0.07, translation([0, 0.32, 0]), 3);
  roundedBox(sofaLeather, [2.2, 0.45, 0.2], 0.07, translation([0, 0.62, -0.34]), 3);
  for (const x of [-1.12, 1.12]) roundedBox(sofaLeather, [0.2, 0.4, 0.85], 0.06, translation([x, 0.45, 0]), 3);
  const sofaBase = new MeshBuilder();
  box(sofaBase, [2.3, 0.2, 0.8], translation([0, 0.11, 0]));
  kit.instances('sofas', await kit.mesh('sofa', [
    [sofaLeather, 'leather', 3],
    [sofaBase, 'walnut', 2],
  ]), [
    { at: [-3, 0, -3.6] },
    { at: [-3, 0, 0.6], yaw: Math.PI },
  ]);
  const chairLeather = new MeshBuilder();
  roundedBox(chairLeather, [0.85, 0.2, 0.8], 0.07, translation([0, 0.34, 0]), 3);
  roundedBox(chairLeather, [0.85, 0.5, 0.18], 0.07, composeAffine(translation([0, 0.66, -0.33]), rotationX(-0.15)), 3);
  const chairLegs = new MeshBuilder();
  for (const x of [-0.36, 0.36]) for (const z of [-0.32, 0.32]) box(chairLegs, [0.05, 0.25, 0.05], translation([x, 0.125, z]));
  kit.instances('armchairs', await kit.mesh('armchair', [
    [chairLeather, 'leather', 3],
    [chairLegs, 'walnut', 2],
  ]), [
    { at: [-5.6, 0, -1.5], yaw: Math.PI / 2 },
    { at: [-0.4, 0, -1.5], yaw: -Math.PI / 2 },
    { at: [-7.5, 0, -6], yaw: Math.PI / 4 },
    { at: [-5.5, 0, -6.6], yaw: 0 },
  ]);
  const tableTop = new MeshBuilder();
  cylinder(tableTop, 0.55, 0.05, 32, translation([0, 0.38, 0]));
  const tableBase = new MeshBuilder();
  cylinder(tableBase, 0.12, 0.38, 16);
  cylinder(tableBase, 0.3, 0.02, 24);
  kit.instances('coffee_tables', await kit.mesh('coffee_table', [
    [tableTop, 'black-stone'],
    [tableBase, 'brass'],
  ]), [
    { at: [-3, 0, -1.5], scale: [1.6, 1, 1] },
    { at: [-6.4, 0, -6.5] },
  ]);

  // Pendants over the seating and the desk.
  const shade = new MeshBuilder();
  cylinder(shade, 0.22, 0.25, 24);
  cylinder(shade, 0.006, 1.2, 6, translation([0, 0.25, 0]));
  const bulb = new MeshBuilder();
  cylinder(bulb, 0.18, 0.02, 24, translation([0, -0.01, 0]));
  const pendants: Placement[] = [[-4.5, -1.5], [-1.5, -1.5], [-9.9, 2.6], [-9.9, 4.6], [-6.4, -6.5]].map(([x, z]) => ({ at: [x, H - 1.45, z] }));
  kit.instances('pendants', await kit.mesh('pendant', [
    [shade, 'brass'],
    [bulb, 'light-warm'],
  ]), pendants);

  // The service bay: a two-post lift, a tool cabinet and high-bay lights.
  const post = new MeshBuilder();
  boxBetween(post, [-0.2, 0, -0.2], [0.2, 3.6, 0.2]);
  box(post, [0.9, 0.08, 0.16], translation([0.35, 0.4, 0]));
  kit.instances('lift_posts', await kit.mesh('lift_post', [[post, 'ochre']]), [
    { at: [8, 0, -1.6] },
    { at: [8, 0, 1.6], yaw: Math.PI },
  ]);
  const cabinet = new MeshBuilder();
  boxBetween(cabinet, [X - 0.6, 0, -6], [X, 1, -2]);
  const cabinetTop = new MeshBuilder();
  boxBetween(cabinetTop, [X - 0.65, 1, -6.05], [X, 1.04, -1.95]);
  kit.node('tool_cabinet', {}, await kit.mesh('tool_cabinet', [
    [cabinet, 'charcoal'],
    [cabinetTop, 'brushed-metal'],
  ]));
  const bar = new MeshBuilder();
  box(bar, [0.3, 0.05, 3]);
  kit.instances('bay_lights', await kit.mesh('bay_light', [[bar, 'light-cool']]), [
    { at: [6.5, H - 0.05, 0] },
    { at: [9.5, H - 0.05, 0] },
  ]);

  const anchors = kit.node('anchors');
  kit.anchor('anchor_car_0', { anchor: 'car' }, { at: [8, 0, 0], yaw: -Math.PI / 2 + 0.25 }, anchors);
  kit.anchor('anchor_spawn', { anchor: 'spawn' }, { at: [-8, 0, 6.5], yaw: Math.atan2(6, -7) }, anchors);
  for (const { to, at, yaw } of doorways) kit.portal(to, at, yaw, anchors);
  return kit.doc;
}
