import { MarqueError } from '../../../protocol/src/errors';
import { MeshBuilder } from '../geometry/mesh-builder';
import { box, boxBetween, cylinder, latheY } from '../geometry/primitives';
import { strokeText } from '../geometry/stroke-font';
import { composeAffine, rotationX, translation } from '../geometry/vec';
import { addDoorway, addRoomShell, EnvironmentKit, type Placement } from './kit';
import { PORTAL_LINKS } from '../../../protocol/src/zones';

/** Half the hall's width (x) and length (z), and its ceiling height, in metres. */
export const MUSEUM_HALL = { halfWidth: 10, halfLength: 18, ceiling: 7 } as const;

const PLINTH_RADIUS = 2.9;
const PLINTH_HEIGHT = 0.3;
const PLINTH_X = 5.4;
/** Cars turn from the wall towards the aisle, angled a little towards the entrance (+Z). */
const CAR_YAW = (65 * Math.PI) / 180;

/**
 * The heritage hall: a terrazzo-floored gallery, walnut fins along plaster walls, light
 * strips overhead, and the line-up on floating dark-stone plinths either side of a central
 * aisle, oldest nearest the entrance. Each plinth has a lectern and two pendant spots; the
 * end wall carries the marque's wordmark. `anchor_car_<i>` stand on the plinths in car order.
 */
export async function buildMuseumHall(carCount = 6): Promise<import('@gltf-transform/core').Document> {
  if (!Number.isInteger(carCount) || carCount < 1 || carCount > 8) {
    throw new MarqueError('assets/environments', `the museum hall holds 1 to 8 cars, not ${carCount}`, {
      details: 'add another hall, or retire a car from WORLD_ASSETS',
    });
  }
  const kit = new EnvironmentKit('museum-hall', 'museum');
  const { halfWidth: W, halfLength: L, ceiling: H } = MUSEUM_HALL;

  // Shell: floor, walls with a dark stone dado, ceiling, and a cove light along the wall tops.
  const floor = new MeshBuilder().quad([-W, 0, L], [W, 0, L], [W, 0, -L], [-W, 0, -L]);
  const walls = new MeshBuilder();
  const dado = new MeshBuilder();
  const ceiling = new MeshBuilder();
  const cove = new MeshBuilder();
  const t = 0.3;
  addRoomShell(walls, ceiling, [-W, -L], [W, L], H, t);
  boxBetween(dado, [-W, 0, -L], [-W + 0.06, 1.1, L]);
  boxBetween(dado, [W - 0.06, 0, -L], [W, 1.1, L]);
  boxBetween(dado, [-W, 0, L - 0.06], [W, 1.1, L]);
  boxBetween(cove, [-W, H - 0.45, -L], [-W + 0.08, H - 0.4, L]);
  boxBetween(cove, [W - 0.08, H - 0.45, -L], [W, H - 0.4, L]);
  kit.node(
    'hall',
    {},
    await kit.mesh('hall', [
      [floor, 'terrazzo', 0.4],
      [walls, 'plaster'],
      [dado, 'black-stone'],
      [ceiling, 'charcoal'],
      [cove, 'light-warm'],
    ]),
  );

  // Light strips in three rows down the hall.
  const strip = new MeshBuilder();
  box(strip, [0.14, 0.05, 5.2]);
  const strips: Placement[] = [];
  for (const x of [-PLINTH_X, 0, PLINTH_X]) for (let z = -14; z <= 14; z += 7) strips.push({ at: [x, H - 0.03, z] });
  kit.instances('light_strips', await kit.mesh('light_strip', [[strip, 'light-warm']]), strips);

  // Walnut fins along both long walls.
  const fin = new MeshBuilder();
  box(fin, [0.42, H - 1.6, 0.12]);
  const fins: Placement[] = [];
  for (let z = -L + 1; z <= L - 1; z += 2) for (const x of [-W + 0.21, W - 0.21]) fins.push({ at: [x, 1.1 + (H - 1.6) / 2, z] });
  kit.instances('wall_fins', await kit.mesh('wall_fin', [[fin, 'walnut', 2]]), fins);

  // Plinths: dark stone drums floating on a line of light, all one mesh.
  const drum = new MeshBuilder();
  latheY(drum, [[0, 0.08], [PLINTH_RADIUS - 0.05, 0.08], [PLINTH_RADIUS, 0.12], [PLINTH_RADIUS, PLINTH_HEIGHT - 0.02], [PLINTH_RADIUS - 0.02, PLINTH_HEIGHT], [0, PLINTH_HEIGHT]], 72);
  const glow = new MeshBuilder();
  cylinder(glow, PLINTH_RADIUS - 0.12, 0.08, 72);
  const plinthMesh = await kit.mesh('plinth', [
    [drum, 'black-stone'],
    [glow, 'light-warm'],
  ]);

  const rows = Math.ceil(carCount / 2);
  const stands: { x: number; z: number; yaw: number }[] = [];
  for (let i = 0; i < carCount; i++) {
    const row = Math.floor(i / 2);
    const left = i % 2 === 0;
    const z = rows === 1 ? 0 : 11 - (22 * row) / (rows - 1);
    stands.push({ x: left ? -PLINTH_X : PLINTH_X, z, yaw: left ? CAR_YAW : -CAR_YAW });
  }
  kit.instances('plinths', plinthMesh, stands.map((s) => ({ at: [s.x, 0, s.z] })));

  // Lecterns: a brushed post and a slanted black-stone reading plate with a brass edge.
  const post = new MeshBuilder();
  box(post, [0.5, 0.02, 0.36], translation([0, 0.01, 0]));
  box(post, [0.07, 0.95, 0.07], translation([0, 0.475, 0]));
  const plate = new MeshBuilder();
  box(plate, [0.62, 0.03, 0.42], composeAffine(translation([0, 1.0, 0.02]), rotationX(0.55)));
  const lectern = await kit.mesh('lectern', [
    [post, 'brushed-metal'],
    [plate, 'black-stone'],
  ]);
  kit.instances(
    'lecterns',
    lectern,
    stands.map((s) => ({ at: [Math.sign(s.x) * 2.25, 0, s.z - 2.2], yaw: s.x < 0 ? Math.PI / 2 : -Math.PI / 2 })),
  );

  // Pendant spots, two over each plinth.
  const can = new MeshBuilder();
  cylinder(can, 0.16, 0.36, 24, translation([0, 0.02, 0]));
  cylinder(can, 0.008, H - 5.4, 6, translation([0, 0.38, 0]));
  const lens = new MeshBuilder();
  cylinder(lens, 0.13, 0.02, 24);
  const pendant = await kit.mesh('pendant', [
    [can, 'dark-steel'],
    [lens, 'light-warm'],
  ]);
  kit.instances(
    'pendants',
    pendant,
    stands.flatMap((s) => [-1.3, 1.3].map((dz): Placement => ({ at: [s.x, 5.4, s.z + dz] }))),
  );

  // Benches down the aisle: walnut frame, leather seat.
  const frame = new MeshBuilder();
  for (const dz of [-1.05, 1.05]) box(frame, [0.5, 0.38, 0.08], translation([0, 0.19, dz]));
  box(frame, [0.5, 0.05, 2.3], translation([0, 0.4, 0]));
  const cushion = new MeshBuilder();
  box(cushion, [0.46, 0.08, 2.2], translation([0, 0.465, 0]));
  const bench = await kit.mesh('bench', [
    [frame, 'walnut', 2],
    [cushion, 'leather', 3],
  ]);
  kit.instances('benches', bench, rows > 1 ? [{ at: [0, 0, 5.5] }, { at: [0, 0, -5.5] }] : [{ at: [0, 0, 4] }]);

  // The wordmark on the end wall, in brass before a backlit panel.
  const letters = new MeshBuilder();
  strokeText(letters, 'MARQUE', { height: 0.8, depth: 0.06, weight: 0.12, tracking: 0.55, transform: translation([0, 4.4, -L + 0.14]) });
  const panel = new MeshBuilder();
  box(panel, [6.4, 1.8, 0.06], translation([0, 4.4, -L + 0.05]));
  const line = new MeshBuilder();
  box(line, [4.6, 0.025, 0.03], translation([0, 3.75, -L + 0.16]));
  // Doorways to the other zones in the four corners, between the wall fins, in the wordmark's looks.
  const doorways = PORTAL_LINKS.museum.map((to, i) => {
    const west = i % 2 === 0;
    return { to, at: [west ? -W + 0.06 : W - 0.06, 0, i < 2 ? L - 2 : -L + 2] as const, yaw: west ? Math.PI / 2 : -Math.PI / 2 };
  });
  for (const { at, yaw } of doorways) addDoorway({ frame: letters, dark: panel, light: line }, at, yaw);
  kit.node('wordmark', {}, await kit.mesh('wordmark', [
    [letters, 'brass'],
    [panel, 'black-stone'],
    [line, 'sign-glow'],
  ]));

  const anchors = kit.node('anchors');
  stands.forEach((s, i) => kit.anchor(`anchor_car_${i}`, { anchor: 'car' }, { at: [s.x, PLINTH_HEIGHT, s.z], yaw: s.yaw }, anchors));
  kit.anchor('anchor_spawn', { anchor: 'spawn' }, { at: [0, 0, L - 2.5], yaw: Math.PI }, anchors);
  for (const { to, at, yaw } of doorways) kit.portal(to, at, yaw, anchors);
  return kit.doc;
}
