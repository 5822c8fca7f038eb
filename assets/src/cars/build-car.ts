import { type Buffer, ColorUtils, Document, type Material, type Mesh, type vec3 } from '@gltf-transform/core';
import { AssetError } from '../asset-error';
import type { MeshBuilder } from '../geometry/mesh-builder';
import { buildBody } from './build-body';
import { createBodyFrame } from './body-frame';
import { CAR_DEFAULTS, type CarParams } from './car-params';
import { buildInterior } from './build-interior';
import { buildLamps } from './build-lamps';
import { buildWheel } from './build-wheel';

export { CAR_DEFAULTS, type CarParams } from './car-params';

/** Names of the configurable parts, exactly as they appear as node names. */
export const CAR_PARTS = ['body', 'wheel_fl', 'wheel_fr', 'wheel_rl', 'wheel_rr', 'glass', 'interior', 'lights'] as const;
export type CarPart = (typeof CAR_PARTS)[number];

/** Names of the materials, exactly as they appear in the document. */
export const CAR_MATERIALS = ['paint', 'glass', 'tyre', 'rim', 'interior', 'light_front', 'light_rear'] as const;
export type CarMaterial = (typeof CAR_MATERIALS)[number];

/** Licence written into every generated file (see assets/LICENSES.md). */
export const CAR_COPYRIGHT = 'Marque project, original work, CC0-1.0';

/**
 * Builds a stylised grand tourer as a glTF document, entirely from parameters.
 *
 * The scene holds one root node named after `params.id` with the configurable parts as
 * children ({@link CAR_PARTS}); the four wheels instance one shared mesh. Metres, +Y up,
 * facing +Z, wheels resting on y = 0. Deterministic: the same params give the same bytes.
 *
 * ```ts
 * const doc = buildCar({ ...CAR_DEFAULTS, id: 'astrale-2025', paint: '#1f3354' });
 * ```
 */
export function buildCar(params: CarParams = CAR_DEFAULTS): Document {
  const p: Required<CarParams> = { ...CAR_DEFAULTS, ...params };
  checkParams(p);

  const doc = new Document();
  doc.getRoot().getAsset().copyright = CAR_COPYRIGHT;
  const buffer = doc.createBuffer();
  const materials = createMaterials(doc, p);

  const frame = createBodyFrame(p);
  const body = buildBody(frame, p);
  const lamps = buildLamps(frame, p, body.paint);
  const wheel = buildWheel(p);
  const interior = buildInterior(frame, p).append(body.lining);

  const mesh = (name: string, parts: [MeshBuilder, Material][]): Mesh =>
    createMesh(doc, buffer, name, parts);

  const root = doc.createNode(p.id).setExtras({ marque: { kind: 'car' } });
  doc.createScene(p.id).addChild(root);
  const part = (name: CarPart, m: Mesh): void => {
    root.addChild(doc.createNode(name).setMesh(m));
  };

  part(
    'body',
    mesh('body', [
      [body.paint, materials.paint],
      [body.underbody.append(lamps.dark), materials.tyre],
      [lamps.chrome, materials.rim],
    ]),
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

  part('glass', mesh('glass', [[body.glass, materials.glass]]));
  part('interior', mesh('interior', [[interior, materials.interior]]));
  part(
    'lights',
    mesh('lights', [
      [lamps.front, materials.light_front],
      [lamps.rear, materials.light_rear],
    ]),
  );
  return doc;
}

function checkParams(p: Required<CarParams>): void {
  const problems: string[] = [];
  if (p.wheelbase + p.frontOverhang >= p.length) problems.push('wheelbase + frontOverhang must be shorter than length');
  if (p.track / 2 + p.wheelWidth / 2 > p.width / 2 + 0.02) problems.push('the wheels stick out of the body: reduce track or wheelWidth');
  if (p.rimRadius >= p.wheelRadius - 0.03) problems.push('rimRadius leaves no room for the tyre');
  if (p.height <= p.cowlHeight + p.crown + 0.1) problems.push('height leaves no room for a greenhouse above cowlHeight');
  if (p.detail <= 0) problems.push('detail must be positive');
  if (problems.length > 0) {
    throw new AssetError('cars', `invalid parameters for "${p.id}"`, { details: problems.join('; ') });
  }
}

type CarMaterials = Record<CarMaterial, Material>;

function linear(hex: string): vec3 {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) throw new AssetError('cars', `"${hex}" is not a #rrggbb colour`);
  return ColorUtils.hexToFactor(Number.parseInt(hex.slice(1), 16), [0, 0, 0] as vec3);
}

function createMaterials(doc: Document, p: Required<CarParams>): CarMaterials {
  const [gr, gg, gb] = linear(p.glassTint);
  return {
    paint: doc.createMaterial('paint').setBaseColorFactor([...linear(p.paint), 1]).setMetallicFactor(0.6).setRoughnessFactor(0.3),
    glass: doc
      .createMaterial('glass')
      .setBaseColorFactor([gr, gg, gb, p.glassOpacity])
      .setAlphaMode('BLEND')
      .setDoubleSided(true)
      .setMetallicFactor(0)
      .setRoughnessFactor(0.05),
    tyre: doc.createMaterial('tyre').setBaseColorFactor([0.022, 0.022, 0.024, 1]).setMetallicFactor(0).setRoughnessFactor(0.88),
    rim: doc.createMaterial('rim').setBaseColorFactor([...linear(p.rim), 1]).setMetallicFactor(0.9).setRoughnessFactor(0.22),
    interior: doc.createMaterial('interior').setBaseColorFactor([...linear(p.interior), 1]).setMetallicFactor(0).setRoughnessFactor(0.7),
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

function createMesh(doc: Document, buffer: Buffer, name: string, parts: [MeshBuilder, Material][]): Mesh {
  const mesh = doc.createMesh(name);
  for (const [builder, material] of parts) {
    if (builder.triangleCount === 0) continue;
    const data = builder.build();
    const position = doc.createAccessor(`${name}_${material.getName()}_position`).setType('VEC3').setArray(data.positions).setBuffer(buffer);
    const normal = doc.createAccessor(`${name}_${material.getName()}_normal`).setType('VEC3').setArray(data.normals).setBuffer(buffer);
    const indices = doc.createAccessor(`${name}_${material.getName()}_indices`).setType('SCALAR').setArray(data.indices).setBuffer(buffer);
    mesh.addPrimitive(
      doc.createPrimitive().setAttribute('POSITION', position).setAttribute('NORMAL', normal).setIndices(indices).setMaterial(material),
    );
  }
  return mesh;
}
