import { Document, type Material, type Mesh, type Node, type Skin } from '@gltf-transform/core';
import { MarqueError } from '../../../protocol/src/errors';
import { VARIANT_CATEGORIES } from '../../../protocol/src/catalogue';
import { catalogueEntry } from '../catalogue';
import type { MeshBuilder } from '../geometry/mesh-builder';
import { createMesh, type MeshPart } from '../gltf/create-mesh';
import { applyCatalogueEntry, linear } from '../materials/pbr';
import { documentTexture } from '../materials/textures';
import { buildBody, DOOR_SIDES, type DoorSide } from './build-body';
import { buildCalipers } from './build-calipers';
import { type BodyFrame, createBodyFrame } from './body-frame';
import { CAR_DEFAULTS, type CarParams } from './car-params';
import { buildInterior } from './build-interior';
import { buildLamps } from './build-lamps';
import { buildTrim } from './build-trim';
import { buildWheel } from './build-wheel';

export { CAR_DEFAULTS, type CarFinish, type CarParams } from './car-params';

/** Names of the configurable parts, exactly as they appear as node names. */
export const CAR_PARTS = [
  'body',
  'wheel_fl',
  'wheel_fr',
  'wheel_rl',
  'wheel_rr',
  'calipers',
  'glass',
  'interior',
  'trim',
  'lights',
] as const;
export type CarPart = (typeof CAR_PARTS)[number];

/** Names of the materials, exactly as they appear in the document (the catalogue replaces some). */
export const CAR_MATERIALS = [
  'paint',
  'underbody',
  'glass',
  'tyre',
  'rim',
  'caliper',
  'interior',
  'trim',
  'light_front',
  'light_rear',
] as const;
export type CarMaterial = (typeof CAR_MATERIALS)[number];

/**
 * The doors' hinges, as node names: joints of the skin that the body, glass, interior and
 * trim share, each at its door's hinge line. Their extras say which way and how far the door
 * opens: `{ marque: { kind: 'door', openAngle } }`, radians about +Y.
 */
export const CAR_DOORS: Readonly<Record<DoorSide, string>> = { left: 'door_l', right: 'door_r' };

/** The skin's root joint: the body's own, which never moves; the door joints hang from it. */
export const CAR_CHASSIS = 'chassis';

/** How far a door swings open, radians: wide enough to see the cabin and the door's inner card. */
const DOOR_OPEN_ANGLE = 1.1;

/** Licence written into every generated file (see assets/LICENSES.md). */
export const CAR_COPYRIGHT = 'Marque project, original work, CC0-1.0';

/**
 * Texture coordinates per metre on each part: fine enough that the paint's flakes and the
 * leather's grain are at their real size, coarse enough to tile without visible repeats.
 */
const UV_SCALE = { paint: 6, interior: 3, other: 1 } as const;

/**
 * Builds a stylised grand tourer as a glTF document, entirely from parameters.
 *
 * The scene holds one root node named after `params.id` with the configurable parts as
 * children ({@link CAR_PARTS}); the four wheels instance one shared mesh. The doors are cut
 * from the body, glass, interior and trim along their shut lines and bound to hinge joints
 * ({@link CAR_DOORS}) of one skin, so they open without adding a draw call. Materials take
 * the catalogue values of `params.finish`. Metres, +Y up, facing +Z, wheels resting on
 * y = 0. Deterministic: the same params give the same bytes. Textures (paint flake, leather
 * grain) are added by {@link addCarTextures}, which is asynchronous.
 *
 * ```ts
 * const doc = buildCar({ ...CAR_DEFAULTS, id: 'astrale-2025' });
 * ```
 */
export function buildCar(params: CarParams = CAR_DEFAULTS): Document {
  const p: Required<CarParams> = { ...CAR_DEFAULTS, ...params };
  checkParams(p);

  const doc = new Document();
  doc.getRoot().getAsset().copyright = CAR_COPYRIGHT;
  const materials = createMaterials(doc, p);

  const frame = createBodyFrame(p);
  const body = buildBody(frame, p);
  const lamps = buildLamps(frame, p, body.paint);
  const trim = buildTrim(frame, p, body.paint);
  const wheel = buildWheel(p);
  const interior = buildInterior(frame, p).append(body.lining).append(trim.interior);

  /** One mesh of the parts' builders; a skinned one also binds each part's pieces of the doors to their joints (1 and 2). */
  const mesh = (name: string, parts: PartPieces[], uvScale: number = UV_SCALE.other, skinned = false): Mesh =>
    createMesh(
      doc,
      name,
      parts.map(([builder, material, doors = {}]): MeshPart => ({
        builder,
        material,
        options: { uv: { mode: 'box', scale: uvScale } },
        jointed: DOOR_SIDES.flatMap((side, i) => (doors[side] ? [{ joint: i + 1, builder: doors[side] }] : [])),
      })),
      { skinned },
    );
  const doorPieces = (pick: (side: DoorSide) => MeshBuilder): Record<DoorSide, MeshBuilder> => ({ left: pick('left'), right: pick('right') });

  const root = doc.createNode(p.id).setExtras({ marque: { kind: 'car' } });
  doc.createScene(p.id).addChild(root);
  const skin = createDoorSkin(doc, root, frame, p);
  const part = (name: CarPart, m: Mesh): void => {
    root.addChild(doc.createNode(name).setMesh(m));
  };
  /** A part that carries pieces of the doors: its mesh is skinned and its node holds the skin. */
  const hingedPart = (name: CarPart, parts: PartPieces[], uvScale?: number): void => {
    root.addChild(doc.createNode(name).setMesh(mesh(name, parts, uvScale, true)).setSkin(skin));
  };

  hingedPart(
    'body',
    [
      [body.paint, materials.paint, doorPieces((side) => body.doors[side].paint)],
      [body.underbody.append(lamps.dark), materials.underbody],
    ],
    UV_SCALE.paint,
  );

  const wheelMesh = mesh('wheel', [
    [wheel.tyre, materials.tyre],
    [wheel.rim, materials.rim],
  ]);
  const wheelX = p.track / 2;
  const wheels: [CarPart, number, number][] = [
    ['wheel_fl', wheelX, frame.zFrontAxle],
    ['wheel_fr', -wheelX, frame.zFrontAxle],
    ['wheel_rl', wheelX, frame.zRearAxle],
    ['wheel_rr', -wheelX, frame.zRearAxle],
  ];
  for (const [name, x, z] of wheels) {
    const node = doc.createNode(name).setMesh(wheelMesh).setTranslation([x, p.wheelRadius, z]);
    // The wheel is modelled with its face towards +X; turn the right-hand ones round (not mirror,
    // which would flip the winding).
    if (x < 0) node.setRotation([0, 1, 0, 0]);
    root.addChild(node);
  }

  part('calipers', mesh('calipers', [[buildCalipers(frame, p), materials.caliper]]));
  hingedPart('glass', [[body.glass.append(trim.glass), materials.glass, doorPieces((side) => body.doors[side].glass)]]);
  hingedPart(
    'interior',
    [[interior, materials.interior, doorPieces((side) => body.doors[side].lining.append(trim.doors[side].interior))]],
    UV_SCALE.interior,
  );
  hingedPart('trim', [[lamps.chrome.append(trim.trim), materials.trim, doorPieces((side) => trim.doors[side].trim)]]);
  part(
    'lights',
    mesh('lights', [
      [lamps.front, materials.light_front],
      [lamps.rear, materials.light_rear],
    ]),
  );
  return doc;
}

/**
 * The skin the hinged parts share: the chassis joint at the car's origin, and under it one
 * joint per door on its hinge line (the door's leading edge, at the body's widest), whose
 * extras say how it opens: the left door's tail swings out to +X, the right one's to −X.
 */
function createDoorSkin(doc: Document, root: Node, frame: BodyFrame, p: Required<CarParams>): Skin {
  const chassis = doc.createNode(CAR_CHASSIS);
  root.addChild(chassis);
  const hingeX = frame.halfWidth(frame.doorFrontZ);
  const hingeY = (frame.floor(frame.doorFrontZ) + frame.belt(frame.doorFrontZ)) / 2;
  const joints: Node[] = [chassis];
  const inverseBind = translation([0, 0, 0]);
  for (const side of DOOR_SIDES) {
    const sign = side === 'left' ? 1 : -1;
    const hinge: [number, number, number] = [sign * hingeX, hingeY, frame.doorFrontZ];
    const door = doc
      .createNode(CAR_DOORS[side])
      .setTranslation(hinge)
      .setExtras({ marque: { kind: 'door', openAngle: -sign * DOOR_OPEN_ANGLE } });
    chassis.addChild(door);
    joints.push(door);
    inverseBind.push(...translation([-hinge[0], -hinge[1], -hinge[2]]));
  }
  const buffer = doc.getRoot().listBuffers()[0] ?? doc.createBuffer();
  const matrices = doc.createAccessor('doors_inverse_bind').setType('MAT4').setArray(new Float32Array(inverseBind)).setBuffer(buffer);
  const skin = doc.createSkin(`${p.id}_doors`).setSkeleton(chassis).setInverseBindMatrices(matrices);
  for (const joint of joints) skin.addJoint(joint);
  return skin;
}

/** A column-major 4×4 matrix that translates by `t`. */
function translation(t: readonly [number, number, number]): number[] {
  return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, t[0], t[1], t[2], 1];
}

/**
 * Adds the car's tiling textures: the metallic-flake normal map under the paint's clear coat
 * (its strength is the paint's `flake`) and the grain of the leather. Resolves to `doc`.
 */
export async function addCarTextures(doc: Document, params: CarParams = CAR_DEFAULTS): Promise<Document> {
  const finish = { ...CAR_DEFAULTS.finish, ...params.finish };
  const byName = new Map(doc.getRoot().listMaterials().map((m) => [m.getName(), m]));
  const paint = byName.get('paint');
  const interior = byName.get('interior');
  if (!paint || !interior) throw new MarqueError('assets/cars', 'addCarTextures needs a document made by buildCar()', { details: 'it found no "paint" or no "interior" material; pass the document buildCar() returned' });
  const flake = catalogueEntry('paint', finish.paint).flake ?? 0;
  if (flake > 0) paint.setNormalTexture(await documentTexture(doc, 'flake-normal')).setNormalScale(flake);
  interior.setNormalTexture(await documentTexture(doc, 'leather-normal')).setNormalScale(0.6);
  return doc;
}

function checkParams(p: Required<CarParams>): void {
  const problems: string[] = [];
  if (p.wheelbase + p.frontOverhang >= p.length) problems.push('wheelbase + frontOverhang must be shorter than length');
  if (p.track / 2 + p.wheelWidth / 2 > p.width / 2 + 0.02) problems.push('the wheels stick out of the body: reduce track or wheelWidth');
  if (p.rimRadius >= p.wheelRadius - 0.03) problems.push('rimRadius leaves no room for the tyre');
  if (p.height <= p.cowlHeight + p.crown + 0.1) problems.push('height leaves no room for a greenhouse (or windscreen) above cowlHeight');
  if (p.detail <= 0) problems.push('detail must be positive');
  if (p.roof !== 'fixed' && p.roof !== 'open') problems.push(`roof must be "fixed" or "open", not "${String(p.roof)}"`);
  if (p.spokes < 3 || !Number.isInteger(p.spokes)) problems.push('spokes must be a whole number of at least 3');
  for (const category of VARIANT_CATEGORIES) {
    if (typeof p.finish[category] !== 'string') problems.push(`finish.${category} must name a catalogue code`);
  }
  if (problems.length > 0) {
    throw new MarqueError('assets/cars', `invalid parameters for "${p.id}"`, { details: problems.join('; ') });
  }
}

type CarMaterials = Record<CarMaterial, Material>;

/** A part's builder and material, with its pieces of the doors where it has some. */
type PartPieces = [MeshBuilder, Material, Partial<Record<DoorSide, MeshBuilder>>?];

function createMaterials(doc: Document, p: Required<CarParams>): CarMaterials {
  const [gr, gg, gb] = linear(p.glassTint);
  const fromCatalogue = (name: CarMaterial, entry: Parameters<typeof applyCatalogueEntry>[2]): Material =>
    applyCatalogueEntry(doc, doc.createMaterial(name), entry);
  return {
    paint: fromCatalogue('paint', catalogueEntry('paint', p.finish.paint)),
    underbody: doc.createMaterial('underbody').setBaseColorFactor([0.012, 0.012, 0.013, 1]).setMetallicFactor(0).setRoughnessFactor(0.75),
    glass: doc
      .createMaterial('glass')
      .setBaseColorFactor([gr, gg, gb, p.glassOpacity])
      .setAlphaMode('BLEND')
      .setDoubleSided(true)
      .setMetallicFactor(0)
      .setRoughnessFactor(0.05),
    tyre: doc.createMaterial('tyre').setBaseColorFactor([0.022, 0.022, 0.024, 1]).setMetallicFactor(0).setRoughnessFactor(0.88),
    rim: fromCatalogue('rim', catalogueEntry('wheel', p.finish.wheel)),
    caliper: fromCatalogue('caliper', catalogueEntry('caliper', p.finish.caliper)),
    interior: fromCatalogue('interior', catalogueEntry('interior', p.finish.interior)),
    trim: fromCatalogue('trim', catalogueEntry('trim', p.finish.trim)),
    light_front: doc
      .createMaterial('light_front')
      .setBaseColorFactor([0.9, 0.9, 0.9, 1])
      .setEmissiveFactor([1, 0.97, 0.9])
      .setMetallicFactor(0)
      .setRoughnessFactor(0.1),
    light_rear: doc
      .createMaterial('light_rear')
      .setBaseColorFactor([0.35, 0.01, 0.01, 1])
      .setEmissiveFactor([1, 0.05, 0.03])
      .setMetallicFactor(0)
      .setRoughnessFactor(0.2),
  };
}
