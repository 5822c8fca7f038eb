import type { Document, Mesh, Node } from '@gltf-transform/core';
import { MeshBuilder } from '../geometry/mesh-builder';
import { box, boxBetween, cylinder, roundedBox } from '../geometry/primitives';
import { strokeText } from '../geometry/stroke-font';
import { composeAffine, rotationY, rotationZ, translation, type Vec3 } from '../geometry/vec';
import { addDoorway, addRoomShell, EnvironmentKit, type Placement, quaternion } from './kit';
import { FACTORY_STAGES, type FactoryStage, type RobotExtras } from '../../../protocol/src/factory-line';
import type { ZoneId } from '../../../protocol/src/zones';

const STAGE_SIGNS: Readonly<Record<FactoryStage, string>> = {
  ordered: '1 ORDERED',
  body: '2 BODY',
  paint: '3 PAINT',
  assembly: '4 ASSEMBLY',
  quality: '5 QUALITY',
  delivered: '6 DELIVERED',
};

const HALF_LENGTH = 24;
const HALF_WIDTH = 11;
const HEIGHT = 9;
/** Height of the conveyor's deck, where the cars stand. */
export const CONVEYOR_TOP = 0.45;
const STATION_X = FACTORY_STAGES.map((_, i) => -17.5 + 7 * i);

/**
 * The factory line: a bright hall with a conveyor running +X through six stations, from
 * the order to delivery, each under a gantry with its sign. Robots (base, lower and upper
 * arm, head, with pivot nodes at the joints the client can turn) work the body shop, paint,
 * assembly and quality; safety rails line the walkway. `anchor_station_<stage>` stand on the deck.
 */
export async function buildFactoryLine(): Promise<Document> {
  const kit = new EnvironmentKit('factory-line', 'factory');
  const L = HALF_LENGTH;
  const W = HALF_WIDTH;
  const H = HEIGHT;

  const floor = new MeshBuilder().quad([-L, 0, W], [L, 0, W], [L, 0, -W], [-L, 0, -W]);
  const walls = new MeshBuilder();
  const band = new MeshBuilder();
  const roof = new MeshBuilder();
  const clerestory = new MeshBuilder();
  const t = 0.3;
  addRoomShell(walls, roof, [-L, -W], [L, W], H, t);
  boxBetween(band, [-L, 0, -W], [L, 1.2, -W + 0.05]);
  boxBetween(band, [-L, 0, W - 0.05], [L, 1.2, W]);
  for (const z of [-W + 0.02, W - 0.02]) boxBetween(clerestory, [-L + 1, H - 1.6, z - 0.02], [L - 1, H - 0.5, z + 0.02]);
  // Doorways at the line's two ends: back to the museum by its start, on to the launch after delivery.
  const doorFrames = new MeshBuilder();
  const doorways: readonly { to: ZoneId; at: Vec3; yaw: number }[] = [
    { to: 'museum', at: [-L, 0, 7], yaw: Math.PI / 2 },
    { to: 'launch', at: [L, 0, 7], yaw: -Math.PI / 2 },
  ];
  for (const { at, yaw } of doorways) addDoorway({ frame: doorFrames, dark: band, light: clerestory }, at, yaw);
  kit.node('hall', {}, await kit.mesh('hall', [
    [floor, 'concrete', 0.25],
    [walls, 'plaster'],
    [band, 'charcoal'],
    [roof, 'charcoal'],
    [clerestory, 'light-cool'],
  ]));

  // Conveyor: 4 m segments of steel frame, and a deck of dark slats 0.4 m apart along the
  // whole line, each its own instance so the client can run them along the belt.
  const frame = new MeshBuilder();
  for (const z of [-1.3, 1.3]) box(frame, [4, 0.22, 0.1], translation([0, CONVEYOR_TOP - 0.13, z]));
  for (const x of [-1.8, 1.8]) for (const z of [-1.2, 1.2]) box(frame, [0.1, CONVEYOR_TOP - 0.05, 0.1], translation([x, (CONVEYOR_TOP - 0.05) / 2, z]));
  const segments: Placement[] = [];
  for (let x = -L + 4; x <= L - 4; x += 4) segments.push({ at: [x, 0, 0] });
  kit.instances('conveyor', await kit.mesh('conveyor_segment', [[frame, 'dark-steel']]), segments);
  const slat = new MeshBuilder();
  box(slat, [0.37, 0.05, 2.5], translation([0, CONVEYOR_TOP - 0.025, 0]));
  const slats: Placement[] = [];
  for (const { at } of segments) for (let k = 0; k < 10; k++) slats.push({ at: [at![0] - 1.8 + 0.4 * k, 0, 0] });
  kit.instances('conveyor_slats', await kit.mesh('conveyor_slat', [[slat, 'rubber']]), slats);

  // Stations: floor marking, a gantry with a light bar, and a sign naming the stage.
  const marking = new MeshBuilder();
  for (const z of [-3.2, 3.2]) box(marking, [6, 0.01, 0.12], translation([0, 0.005, z]));
  for (const x of [-3, 3]) box(marking, [0.12, 0.01, 6.4], translation([x, 0.005, 0]));
  const gantry = new MeshBuilder();
  for (const z of [-3.4, 3.4]) box(gantry, [0.25, 5.2, 0.25], translation([0, 2.6, z]));
  box(gantry, [0.3, 0.35, 7.1], translation([0, 5.3, 0]));
  const gantryLight = new MeshBuilder();
  box(gantryLight, [0.16, 0.04, 6], translation([0, 5.1, 0]));
  const stationPlaces = STATION_X.map((x): Placement => ({ at: [x, 0, 0] }));
  kit.instances('station_markings', await kit.mesh('station_marking', [[marking, 'ochre']]), stationPlaces);
  kit.instances('gantries', await kit.mesh('gantry', [
    [gantry, 'brushed-metal'],
    [gantryLight, 'light-cool'],
  ]), stationPlaces);
  const boards = new MeshBuilder();
  const letters = new MeshBuilder();
  FACTORY_STAGES.forEach((stage, i) => {
    const x = STATION_X[i];
    box(boards, [5.2, 0.9, 0.1], translation([x, 6.1, 0]));
    for (const side of [1, -1]) {
      strokeText(letters, STAGE_SIGNS[stage], {
        height: 0.42,
        depth: 0.03,
        transform: composeAffine(translation([x, 6.1, side * 0.05]), rotationY(side > 0 ? 0 : Math.PI)),
      });
    }
  });
  kit.node('station_signs', {}, await kit.mesh('station_signs', [
    [boards, 'charcoal'],
    [letters, 'sign-glow'],
  ]));

  await addRobots(kit, [
    { station: 'body', at: [STATION_X[1] - 1.2, 0, -3], yaw: 0 },
    { station: 'body', at: [STATION_X[1] + 1.2, 0, 3], yaw: Math.PI },
    { station: 'paint', at: [STATION_X[2], 0, -3], yaw: 0 },
    { station: 'assembly', at: [STATION_X[3], 0, 3], yaw: Math.PI },
    { station: 'quality', at: [STATION_X[4], 0, -3], yaw: 0 },
  ]);

  // Safety rails either side of the line, leaving the station ends open.
  const rail = new MeshBuilder();
  for (const x of [-1.9, 0, 1.9]) box(rail, [0.06, 1.05, 0.06], translation([x, 0.525, 0]));
  for (const y of [0.55, 1.05]) box(rail, [4, 0.05, 0.05], translation([0, y, 0]));
  const rails: Placement[] = [];
  for (let x = -L + 4; x <= L - 4; x += 4) for (const z of [-5, 5]) rails.push({ at: [x, 0, z] });
  kit.instances('safety_rails', await kit.mesh('safety_rail', [[rail, 'ochre']]), rails);

  // High-bay light bars and roof trusses.
  const housing = new MeshBuilder();
  box(housing, [3, 0.12, 0.3]);
  const tube = new MeshBuilder();
  box(tube, [2.8, 0.03, 0.22], translation([0, -0.07, 0]));
  const highBays: Placement[] = [];
  for (let x = -20; x <= 20; x += 8) for (const z of [-6.5, 6.5]) highBays.push({ at: [x, H - 1.2, z] });
  kit.instances('high_bays', await kit.mesh('high_bay', [
    [housing, 'dark-steel'],
    [tube, 'light-cool'],
  ]), highBays);
  const truss = new MeshBuilder();
  for (const y of [0, 0.9]) box(truss, [0.16, 0.16, 2 * W], translation([0, y, 0]));
  for (let k = 0; k < 11; k++) {
    const z = -W + 1 + 2 * k;
    box(truss, [0.08, 1.27, 0.08], composeAffine(translation([0, 0.45, z]), composeAffine(rotationY(Math.PI / 2), rotationZ(k % 2 ? 0.78 : -0.78))));
  }
  const trusses: Placement[] = [];
  for (let x = -L + 3; x <= L - 3; x += 6) trusses.push({ at: [x, H - 0.95, 0] });
  kit.instances('roof_trusses', await kit.mesh('roof_truss', [[truss, 'dark-steel']]), trusses);

  // Parts racks along the back wall.
  const shelves = new MeshBuilder();
  for (const x of [-1.5, 1.5]) for (const z of [-0.5, 0.5]) box(shelves, [0.08, 3, 0.08], translation([x, 1.5, z]));
  for (const y of [0.3, 1.3, 2.3]) box(shelves, [3.1, 0.05, 1.1], translation([0, y, 0]));
  const crates = new MeshBuilder();
  for (const y of [0.3, 1.3, 2.3]) for (const x of [-1, 0, 1]) roundedBox(crates, [0.8, 0.55, 0.8], 0.03, translation([x, y + 0.3, 0]), 2);
  const racks: Placement[] = [];
  for (let x = -18; x <= 18; x += 6) racks.push({ at: [x, 0, -W + 1] });
  kit.instances('racks', await kit.mesh('rack', [
    [shelves, 'brushed-metal'],
    [crates, 'charcoal'],
  ]), racks);

  const wordmark = new MeshBuilder();
  strokeText(wordmark, 'MARQUE', { height: 1.2, depth: 0.08, transform: composeAffine(translation([-L + 0.1, 5.4, 0]), rotationY(Math.PI / 2)) });
  kit.node('wordmark', {}, await kit.mesh('wordmark', [[wordmark.append(doorFrames), 'brass']]));

  const anchors = kit.node('anchors');
  FACTORY_STAGES.forEach((stage, i) =>
    kit.anchor(`anchor_station_${stage}`, { anchor: 'car', station: stage }, { at: [STATION_X[i], CONVEYOR_TOP, 0], yaw: Math.PI / 2 }, anchors),
  );
  // Beside the line near its start, looking along it at the middle stations.
  const spawn: Vec3 = [-14, 0, 8];
  kit.anchor('anchor_spawn', { anchor: 'spawn' }, { at: spawn, yaw: Math.atan2(-spawn[0], -spawn[2]) }, anchors);
  for (const { to, at, yaw } of doorways) kit.portal(to, at, yaw, anchors);
  return kit.doc;
}

/** Heights of the robot's joints: shoulder above the floor, elbow above the shoulder. */
const SHOULDER_Y = 0.85;
const LOWER_ARM = 1.3;
const UPPER_ARM = 1.15;
/** How far the tool's tip (the gripper's fingers) reaches past the wrist, along the head. */
const TOOL_REACH = 0.42;

/** Where a robot stands, and the station it works at (recorded for the client's work cycles). */
type RobotPlacement = Placement & { station: FactoryStage };

/**
 * Industrial robots, each `robot_<i>` → base, and a chain of pivots `shoulder` → arm_lower,
 * `elbow` → arm_upper, `wrist` → head. Each part's mesh is shared by every robot, and each
 * pivot sits at its joint, so turning a pivot moves the arm as a real one would (the
 * pipeline draws each part of all robots as one instanced draw; the client moves the
 * instances with the pivots). The head points along the wrist's +Z.
 */
async function addRobots(kit: EnvironmentKit, places: readonly RobotPlacement[]): Promise<void> {
  const base = new MeshBuilder();
  cylinder(base, 0.5, 0.25, 28);
  cylinder(base, 0.34, SHOULDER_Y - 0.25, 24, translation([0, 0.25, 0]));
  const lower = new MeshBuilder();
  roundedBox(lower, [0.5, 0.5, 0.5], 0.18, translation([0, 0, 0]), 3);
  roundedBox(lower, [0.28, LOWER_ARM, 0.32], 0.09, translation([0, LOWER_ARM / 2, 0]), 3);
  const upper = new MeshBuilder();
  roundedBox(upper, [0.4, 0.4, 0.4], 0.15, translation([0, 0, 0]), 3);
  roundedBox(upper, [0.24, 0.26, UPPER_ARM], 0.08, translation([0, 0, UPPER_ARM / 2]), 3);
  const head = new MeshBuilder();
  roundedBox(head, [0.22, 0.22, 0.22], 0.06, translation([0, 0, 0.06]), 2);
  box(head, [0.26, 0.06, 0.12], translation([0, 0, 0.22]));
  for (const x of [-0.1, 0.1]) box(head, [0.03, 0.05, 0.16], translation([x, 0, TOOL_REACH - 0.08]));
  const meshes: Record<'base' | 'arm_lower' | 'arm_upper' | 'head', Mesh> = {
    base: await kit.mesh('robot_base', [[base, 'dark-steel']]),
    arm_lower: await kit.mesh('robot_arm_lower', [[lower, 'robot-paint']]),
    arm_upper: await kit.mesh('robot_arm_upper', [[upper, 'robot-paint']]),
    head: await kit.mesh('robot_head', [[head, 'dark-steel']]),
  };
  const robots = kit.node('robots');
  places.forEach(({ station, ...place }, i) => {
    const robot = kit.node(`robot_${i}`, place, undefined, robots);
    robot.setExtras({ marque: { robot: { station, toolReach: TOOL_REACH } satisfies RobotExtras } });
    kit.node('base', {}, meshes.base, robot);
    const pivot = (name: string, at: Vec3, tilt: number, parent: Node): Node =>
      kit.node(name, { at, rotation: quaternion([1, 0, 0], tilt) }, undefined, parent);
    // A working pose: the lower arm leans towards the line, the upper arm reaches over it.
    const shoulder = pivot('shoulder', [0, SHOULDER_Y, 0], 0.35 + 0.1 * (i % 2), robot);
    kit.node('arm_lower', {}, meshes.arm_lower, shoulder);
    const elbow = pivot('elbow', [0, LOWER_ARM, 0], 0.25, shoulder);
    kit.node('arm_upper', {}, meshes.arm_upper, elbow);
    const wrist = pivot('wrist', [0, 0, UPPER_ARM], 0.6, elbow);
    kit.node('head', {}, meshes.head, wrist);
  });
}

