import type { Document } from '@gltf-transform/core';
import { MeshBuilder } from '../geometry/mesh-builder';
import { box, boxBetween, cylinder, latheY, roundedBox } from '../geometry/primitives';
import { strokeText } from '../geometry/stroke-font';
import { composeAffine, rotationX, translation, type Vec3 } from '../geometry/vec';
import type { ZoneId } from '../../../protocol/src/zones';
import { addDoorway, addRoomShell, EnvironmentKit, type Placement } from './kit';

/**
 * An owner's private garage: polished concrete, a walnut slatted wall, a lit display case
 * of trophies, a tool wall with a workbench, a leather lounge chair and soft ceiling light
 * boxes. The car stands on a brass-ringed spot in the middle (`anchor_car_0`).
 */
export async function buildOwnersGarage(): Promise<Document> {
  const kit = new EnvironmentKit('owners-garage', 'garage');
  const X = 7;
  const Z = 5.5;
  const H = 4;

  const floor = new MeshBuilder().quad([-X, 0, Z], [X, 0, Z], [X, 0, -Z], [-X, 0, -Z]);
  const walls = new MeshBuilder();
  const t = 0.25;
  const ceiling = new MeshBuilder();
  addRoomShell(walls, ceiling, [-X, -Z], [X, Z], H, t);
  // Sectional door on the front wall.
  const door = new MeshBuilder();
  for (let k = 0; k < 5; k++) boxBetween(door, [-2.6, 0.05 + 0.56 * k, Z - 0.08], [2.6, 0.58 + 0.56 * k, Z]);
  // Doorways in the slatted back wall either side of the car, and one in the right wall by the entrance.
  const doorLight = new MeshBuilder();
  const doorways: readonly { to: ZoneId; at: Vec3; yaw: number }[] = [
    { to: 'museum', at: [-4.5, 0, -Z + 0.12], yaw: 0 },
    { to: 'lounge', at: [4.5, 0, -Z + 0.12], yaw: 0 },
    { to: 'launch', at: [X, 0, 3.3], yaw: -Math.PI / 2 },
  ];
  for (const { at, yaw } of doorways) addDoorway({ frame: door, dark: ceiling, light: doorLight }, at, yaw);
  const ring = new MeshBuilder();
  latheY(ring, [[3.2, 0], [3.3, 0], [3.3, 0.006], [3.2, 0.006]], 72);
  kit.node('garage', {}, await kit.mesh('garage', [
    [floor, 'polished-concrete', 0.3],
    [walls, 'plaster'],
    [ceiling, 'charcoal'],
    [door, 'dark-steel'],
    [ring, 'brass'],
  ]));

  // Walnut slats across the back wall.
  const slat = new MeshBuilder();
  box(slat, [0.09, H - 0.3, 0.05]);
  const slats: Placement[] = [];
  for (let x = -X + 0.3; x <= X - 0.3; x += 0.2) slats.push({ at: [x, H / 2, -Z + 0.06] });
  kit.instances('slats', await kit.mesh('slat', [[slat, 'walnut', 2]]), slats);
  const mark = new MeshBuilder();
  strokeText(mark, 'MARQUE', { height: 0.32, depth: 0.03, transform: translation([0, 2.7, -Z + 0.1]) });
  kit.node('wordmark', {}, await kit.mesh('wordmark', [[mark, 'brass']]));

  // Soft light boxes in the ceiling.
  const panel = new MeshBuilder();
  box(panel, [1.4, 0.04, 2.6]);
  const bezel = new MeshBuilder();
  box(bezel, [1.56, 0.05, 2.76], translation([0, 0.03, 0]));
  const boxes: Placement[] = [];
  for (const x of [-3.2, 0, 3.2]) for (const z of [-2, 2]) boxes.push({ at: [x, H - 0.06, z] });
  kit.instances('light_boxes', await kit.mesh('light_box', [
    [panel, 'light-warm'],
    [bezel, 'dark-steel'],
  ]), boxes);

  // Display case on the left wall: walnut carcass, backlit niches, brass trophies.
  const carcass = new MeshBuilder();
  boxBetween(carcass, [-X, 0, -3], [-X + 0.5, 0.9, 3]);
  boxBetween(carcass, [-X, 2.9, -3], [-X + 0.5, 3.1, 3]);
  for (const z of [-3, -1, 1, 3]) boxBetween(carcass, [-X, 0.9, z - 0.05], [-X + 0.5, 2.9, z + 0.05]);
  for (const y of [1.6, 2.3]) boxBetween(carcass, [-X + 0.04, y - 0.02, -3], [-X + 0.48, y + 0.02, 3]);
  const back = new MeshBuilder();
  boxBetween(back, [-X + 0.01, 0.9, -3], [-X + 0.04, 2.9, 3]);
  const trophies = new MeshBuilder();
  for (const z of [-2, 0, 2]) {
    for (const y of [0.9, 1.62, 2.32]) {
      latheY(trophies, [[0.07, 0], [0.07, 0.05], [0.02, 0.07], [0.02, 0.2], [0.09, 0.3], [0.1, 0.38], [0, 0.38]], 16, translation([-X + 0.26, y, z]));
    }
  }
  kit.node('display_case', {}, await kit.mesh('display_case', [
    [carcass, 'walnut', 2],
    [back.append(doorLight), 'light-warm'],
    [trophies, 'brass'],
  ]));

  // Tool wall and workbench on the right.
  const board = new MeshBuilder();
  boxBetween(board, [X - 0.04, 1.1, -3], [X, 3.1, 1]);
  boxBetween(board, [X - 0.7, 0, -3], [X, 0.85, 1]);
  const bench = new MeshBuilder();
  boxBetween(bench, [X - 0.75, 0.85, -3.05], [X, 0.92, 1.05]);
  const tools = new MeshBuilder();
  for (let i = 0; i < 8; i++) {
    const z = -2.6 + 0.45 * i;
    const length = 0.28 + 0.05 * (i % 4);
    box(tools, [0.02, length, 0.035], translation([X - 0.06, 2.1, z]));
    cylinder(tools, 0.035, 0.02, 10, composeAffine(translation([X - 0.07, 2.1 + length / 2, z]), rotationX(0)));
  }
  for (let i = 0; i < 6; i++) box(tools, [0.03, 0.03, 0.22], translation([X - 0.06, 2.7, -2.4 + 0.6 * i]));
  kit.node('tool_wall', {}, await kit.mesh('tool_wall', [
    [board, 'dark-steel'],
    [bench, 'walnut', 2],
    [tools, 'brushed-metal'],
  ]));

  // A lounge chair and side table facing the car.
  const shell = new MeshBuilder();
  roundedBox(shell, [0.8, 0.18, 0.75], 0.06, translation([0, 0.38, 0]), 3);
  roundedBox(shell, [0.8, 0.7, 0.16], 0.06, composeAffine(translation([0, 0.72, -0.34]), rotationX(-0.25)), 3);
  for (const x of [-0.44, 0.44]) roundedBox(shell, [0.1, 0.22, 0.7], 0.04, translation([x, 0.55, -0.02]), 2);
  const legs = new MeshBuilder();
  for (const x of [-0.34, 0.34]) for (const z of [-0.3, 0.3]) box(legs, [0.05, 0.3, 0.05], translation([x, 0.15, z]));
  cylinder(legs, 0.28, 0.03, 24, translation([0.9, 0.52, 0.1]));
  cylinder(legs, 0.03, 0.52, 8, translation([0.9, 0, 0.1]));
  kit.node('lounge_chair', { at: [-4.4, 0, 3.4], yaw: Math.PI * 0.8 }, await kit.mesh('lounge_chair', [
    [shell, 'leather', 3],
    [legs, 'walnut', 2],
  ]));

  const anchors = kit.node('anchors');
  kit.anchor('anchor_car_0', { anchor: 'car' }, { at: [0, 0, 0], yaw: -0.5 }, anchors);
  // A three-quarter view of the car, which stands a little right of centre: the configurator
  // panel takes the left of a flat screen.
  kit.anchor('anchor_spawn', { anchor: 'spawn' }, { at: [3.6, 0, 4.2], yaw: Math.atan2(-3.6, -4.2) + 0.2 }, anchors);
  for (const { to, at, yaw } of doorways) kit.portal(to, at, yaw, anchors);
  return kit.doc;
}
