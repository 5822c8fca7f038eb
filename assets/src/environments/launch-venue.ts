import type { Document } from '@gltf-transform/core';
import { MeshBuilder } from '../geometry/mesh-builder';
import { box, boxBetween, cylinder, latheY } from '../geometry/primitives';
import { strokeText } from '../geometry/stroke-font';
import { composeAffine, rotationZ, translation, type Vec3 } from '../geometry/vec';
import type { ZoneId } from '../../../protocol/src/zones';
import { addDoorway, addRoomShell, EnvironmentKit, type Placement, quaternion } from './kit';

const STAGE_TOP = 0.8;
/** Width of the slats facing the stage's front, gap included (22 m of stage: 125 slats). */
const STAGE_SLAT = 0.176;
/** The turntable's centre on the stage, and its top above the stage. */
export const TURNTABLE = { x: 0, z: -6, radius: 3.3, height: 0.14 } as const;
/** The screen behind the stage: width, height, the height of its lower edge, and its z. */
export const SCREEN = { width: 16, height: 7, bottom: 2.6, z: -13.4 } as const;
/** The audience's tiers: where the first begins, each one's depth and its step up. */
const TIER_FRONT = 6;
const TIER_DEPTH = 2.2;
const TIER_RISE = 0.45;
/** Width of the aisle up the middle of the seats. */
const AISLE = 1.5;

/**
 * The launch arena: a dark venue with a raised stage, a turntable for the new car, a large
 * screen (mesh and material `screen`, UVs 0..1 across it, for a video texture), a lighting
 * rig of truss and spot fixtures, and three tiers of seats facing the stage, with an aisle up
 * the middle where visitors arrive (`anchor_spawn`). The stage and the tiers are recorded as
 * raised floors. `anchor_car_0` is a child of `turntable`, so turning the table turns the car.
 */
export async function buildLaunchVenue(): Promise<Document> {
  const kit = new EnvironmentKit('launch-venue', 'launch');
  const X = 18;
  const Zb = -16;
  const Zf = 18;
  const H = 12;

  const floor = new MeshBuilder().quad([-X, 0, Zf], [X, 0, Zf], [X, 0, Zb], [-X, 0, Zb]);
  const walls = new MeshBuilder();
  const t = 0.3;
  addRoomShell(walls, walls, [-X, Zb], [X, Zf], H, t);
  const stage = new MeshBuilder();
  boxBetween(stage, [-11, 0, -14], [11, STAGE_TOP, -2]);
  kit.floor([-11, -14], [11, -2], STAGE_TOP);
  const stageEdge = new MeshBuilder();
  boxBetween(stageEdge, [-11, STAGE_TOP - 0.06, -2], [11, STAGE_TOP - 0.02, -1.97]);
  boxBetween(stageEdge, [-11, 0.02, -1.99], [11, 0.05, -1.96]);
  // The stage's front is faced with walnut slats between its light lines: a face lit only from
  // the front would read as a hard black band in black stone.
  const fascia = new MeshBuilder();
  for (let x = -11; x < 11 - 1e-6; x += STAGE_SLAT) boxBetween(fascia, [x + 0.015, 0.05, -2], [x + STAGE_SLAT - 0.015, STAGE_TOP - 0.06, -1.975]);
  // Audience tiers, each a step up, with a light line on every riser.
  const tiers = new MeshBuilder();
  const risers = new MeshBuilder();
  for (let k = 0; k < 3; k++) {
    const z0 = TIER_FRONT + TIER_DEPTH * k;
    boxBetween(tiers, [-12, 0, z0], [12, TIER_RISE * (k + 1), Zf]);
    kit.floor([-12, z0], [12, Zf], TIER_RISE * (k + 1));
    boxBetween(risers, [-12, TIER_RISE * (k + 1) - 0.05, z0 - 0.02], [12, TIER_RISE * (k + 1) - 0.02, z0]);
  }
  // Doorways on the side walls, level with the ground beside the tiers and the stage.
  const doorFrames = new MeshBuilder();
  const doorways: readonly { to: ZoneId; at: Vec3; yaw: number }[] = [
    { to: 'museum', at: [-X, 0, 10], yaw: Math.PI / 2 },
    { to: 'factory', at: [-X, 0, -8], yaw: Math.PI / 2 },
    { to: 'garage', at: [X, 0, 10], yaw: -Math.PI / 2 },
  ];
  for (const { at, yaw } of doorways) addDoorway({ frame: doorFrames, dark: stage, light: risers }, at, yaw);
  kit.node('venue', {}, await kit.mesh('venue', [
    [floor, 'polished-concrete', 0.25],
    [walls, 'charcoal'],
    [stage, 'black-stone'],
    [tiers, 'charcoal'],
    [stageEdge.append(risers), 'light-warm'],
    [fascia, 'walnut'],
  ]));

  // The screen and its frame.
  const { width: SW, height: SH, bottom: SB, z: SZ } = SCREEN;
  const screen = new MeshBuilder().quad([-SW / 2, SB, SZ], [SW / 2, SB, SZ], [SW / 2, SB + SH, SZ], [-SW / 2, SB + SH, SZ]);
  kit.node('screen', {}, await kit.mesh('screen', [
    [screen, 'screen', { mode: 'planar', origin: [-SW / 2, SB, SZ], u: [1 / SW, 0, 0], v: [0, 1 / SH, 0] }],
  ]));
  const bezel = new MeshBuilder();
  boxBetween(bezel, [-SW / 2 - 0.25, SB - 0.25, SZ - 0.3], [SW / 2 + 0.25, SB, SZ + 0.05]);
  boxBetween(bezel, [-SW / 2 - 0.25, SB + SH, SZ - 0.3], [SW / 2 + 0.25, SB + SH + 0.25, SZ + 0.05]);
  boxBetween(bezel, [-SW / 2 - 0.25, SB, SZ - 0.3], [-SW / 2, SB + SH, SZ + 0.05]);
  boxBetween(bezel, [SW / 2, SB, SZ - 0.3], [SW / 2 + 0.25, SB + SH, SZ + 0.05]);
  const wordmark = new MeshBuilder();
  strokeText(wordmark, 'MARQUE', { height: 0.34, depth: 0.03, transform: translation([0, SB - 0.12, SZ + 0.06]) });
  kit.node('screen_frame', {}, await kit.mesh('screen_frame', [
    [bezel.append(doorFrames), 'dark-steel'],
    [wordmark, 'sign-glow'],
  ]));

  // Turntable: a brushed disc with a glowing rim, its own node so the client can spin it.
  const disc = new MeshBuilder();
  latheY(disc, [[0, 0.03], [TURNTABLE.radius - 0.04, 0.03], [TURNTABLE.radius, 0.07], [TURNTABLE.radius, TURNTABLE.height - 0.01], [TURNTABLE.radius - 0.02, TURNTABLE.height], [0, TURNTABLE.height]], 72);
  const rim = new MeshBuilder();
  cylinder(rim, TURNTABLE.radius - 0.1, 0.03, 72);
  const turntable = kit.node('turntable', { at: [TURNTABLE.x, STAGE_TOP, TURNTABLE.z] }, await kit.mesh('turntable', [
    [disc, 'brushed-metal', 0.5],
    [rim, 'light-cool'],
  ]));
  kit.anchor('anchor_car_0', { anchor: 'car' }, { at: [0, TURNTABLE.height, 0], yaw: -0.45 }, turntable);

  // Lighting rig: two truss runs across the stage and towers at their ends, hung with spots.
  const truss = new MeshBuilder();
  for (const [y, z] of [[-0.2, -0.2], [-0.2, 0.2], [0.2, -0.2], [0.2, 0.2]]) box(truss, [3, 0.05, 0.05], translation([0, y, z]));
  for (let k = 0; k < 6; k++) {
    const x = -1.25 + 0.5 * k;
    for (const z of [-0.2, 0.2]) box(truss, [0.03, 0.5, 0.03], composeAffine(translation([x, 0, z]), rotationZ(k % 2 ? 0.7 : -0.7)));
  }
  const trussPlaces: Placement[] = [];
  for (const z of [-10, -3.5]) for (let x = -10.5; x <= 10.5; x += 3) trussPlaces.push({ at: [x, 10, z] });
  for (const x of [-12.2, 12.2]) for (const z of [-10, -3.5]) for (let y = 1.5; y <= 9; y += 3) trussPlaces.push({ at: [x, y, z], rotation: quaternion([0, 0, 1], Math.PI / 2) });
  kit.instances('truss', await kit.mesh('truss_segment', [[truss, 'dark-steel']]), trussPlaces);

  const body = new MeshBuilder();
  cylinder(body, 0.17, 0.45, 16, translation([0, -0.45, 0]));
  box(body, [0.46, 0.05, 0.05], translation([0, 0.05, 0]));
  for (const x of [-0.21, 0.21]) box(body, [0.04, 0.3, 0.05], translation([x, -0.15, 0]));
  const lens = new MeshBuilder();
  cylinder(lens, 0.14, 0.02, 16, translation([0, -0.47, 0]));
  const spots: Placement[] = [];
  for (const z of [-10, -3.5]) {
    for (let x = -9; x <= 9; x += 3) {
      // Aim each spot from the truss towards the turntable.
      const aim = Math.atan2(TURNTABLE.z - z, 9) * 0.8;
      spots.push({ at: [x, 9.75, z], rotation: quaternion([1, 0, 0], -aim) });
    }
  }
  kit.instances('spots', await kit.mesh('spot', [
    [body, 'dark-steel'],
    [lens, 'light-warm'],
  ]), spots);

  // Seats on the tiers, either side of a central aisle.
  const seat = new MeshBuilder();
  box(seat, [0.52, 0.12, 0.5], translation([0, 0.42, 0]));
  box(seat, [0.52, 0.55, 0.1], translation([0, 0.72, 0.24]));
  const legs = new MeshBuilder();
  box(legs, [0.06, 0.36, 0.4], translation([-0.24, 0.18, 0]));
  box(legs, [0.06, 0.36, 0.4], translation([0.24, 0.18, 0]));
  const seats: Placement[] = [];
  for (let k = 0; k < 3; k++) {
    for (let x = -10; x <= 10.01; x += 1.25) {
      if (Math.abs(x) > AISLE / 2) seats.push({ at: [x, TIER_RISE * (k + 1), TIER_FRONT + 0.9 + TIER_DEPTH * k] });
    }
  }
  kit.instances('seats', await kit.mesh('seat', [
    [seat, 'fabric'],
    [legs, 'dark-steel'],
  ]), seats);

  const anchors = kit.node('anchors');
  // In the aisle on the middle tier, level with its seats, looking over the front row at the stage.
  const spawnTier = 1;
  kit.anchor('anchor_spawn', { anchor: 'spawn' }, { at: [0, TIER_RISE * (spawnTier + 1), TIER_FRONT + TIER_DEPTH * spawnTier + 1.6], yaw: Math.PI }, anchors);
  for (const { to, at, yaw } of doorways) kit.portal(to, at, yaw, anchors);
  return kit.doc;
}
