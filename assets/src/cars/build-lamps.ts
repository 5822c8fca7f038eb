import { MarqueError } from '../../../protocol/src/errors';
import { type DecalOptions, projectDecal } from '../geometry/project-decal';
import { MeshBuilder } from '../geometry/mesh-builder';
import { normalize, type Vec3 } from '../geometry/vec';
import type { BodyFrame } from './body-frame';
import type { CarParams } from './car-params';

/** Lamps, intake and brightwork, all projected onto the painted body. */
export interface LampParts {
  front: MeshBuilder;
  rear: MeshBuilder;
  /** Grille/intake openings (tyre material). */
  dark: MeshBuilder;
  /** Chrome surrounds (rim material). */
  chrome: MeshBuilder;
}

/** Raised just enough above the paint to win the depth test at museum viewing distances. */
const LIFT = 0.003;

/**
 * Head and tail lamps in the style the params ask for, plus the grille or intake and any
 * chrome, projected onto the painted surface. Throws {@link MarqueError} when a lamp would
 * hang off the body, rather than publishing a car with a lamp floating in the air.
 */
export function buildLamps(frame: BodyFrame, p: Required<CarParams>, paint: MeshBuilder): LampParts {
  const parts: LampParts = {
    front: new MeshBuilder(),
    rear: new MeshBuilder(),
    dark: new MeshBuilder(),
    chrome: new MeshBuilder(),
  };
  const w = p.width / 2;
  const noseTop = frame.belt(frame.zFront - p.noseDrop);
  const fromFront = (x: number, y: number): Pick<DecalOptions, 'centre' | 'up'> => ({
    centre: [x, y, frame.zFront + 0.5],
    up: [0, 1, 0],
  });
  const decal = (out: MeshBuilder, options: DecalOptions): void => {
    const misses = projectDecal(paint, out, options);
    if (misses > 0) {
      throw new MarqueError('assets/cars', `a lamp or grille of "${p.id}" falls off the body (${misses} outline points miss it)`, {
        details: 'make the lamp smaller or move it towards the middle of the nose or tail',
      });
    }
  };

  for (const side of [1, -1]) {
    if (p.headlights === 'slim') {
      // Swept-back slits that wrap round the nose corners.
      const x = side * (w - p.noseRadius * 0.62);
      decal(parts.front, {
        ...fromFront(x, noseTop - 0.055),
        direction: normalize([-side * 0.55, -0.2, -1]),
        halfSize: [0.2, 0.03],
        exponent: 5,
        rotation: side * 0.1,
        offset: LIFT,
      });
    } else {
      const x = side * (w - p.noseRadius * 0.55);
      const y = noseTop - 0.06;
      const direction: Vec3 = normalize([-side * 0.25, -0.15, -1]);
      decal(parts.chrome, { ...fromFront(x, y), direction, halfSize: [0.1, 0.1], exponent: 2, offset: LIFT });
      decal(parts.front, { ...fromFront(x, y), direction, halfSize: [0.084, 0.084], exponent: 2, offset: LIFT * 2 });
    }
  }

  const tailY = frame.belt(frame.zRear) - 0.12;
  if (p.taillights === 'bar') {
    decal(parts.rear, {
      centre: [0, tailY, frame.zRear - 0.5],
      up: [0, 1, 0],
      direction: [0, 0, 1],
      halfSize: [w - p.tailRadius - 0.02, 0.024],
      exponent: 8,
      columns: 40,
      rows: 2,
      offset: LIFT,
    });
  } else {
    for (const side of [1, -1]) {
      for (const inset of [0.06, 0.19]) {
        decal(parts.rear, {
          centre: [side * (w - p.tailRadius - inset), tailY, frame.zRear - 0.5],
          up: [0, 1, 0],
          direction: normalize([side * 0.2, 0, 1]),
          halfSize: [0.052, 0.052],
          exponent: 2,
          offset: LIFT,
        });
      }
    }
  }

  const chin = frame.floor(frame.zFront);
  if (p.grille === 'intake') {
    decal(parts.dark, {
      ...fromFront(0, chin + 0.13),
      direction: [0, -0.1, -1],
      halfSize: [w - p.noseRadius - 0.2, 0.055],
      exponent: 5,
      columns: 32,
      offset: LIFT,
    });
  } else {
    const y = chin + 0.16;
    decal(parts.chrome, { ...fromFront(0, y), direction: [0, 0, -1], halfSize: [0.3, 0.13], exponent: 2.6, offset: LIFT });
    decal(parts.dark, { ...fromFront(0, y), direction: [0, 0, -1], halfSize: [0.28, 0.11], exponent: 2.6, offset: LIFT * 2 });
  }
  if (p.bumpers === 'chrome') {
    decal(parts.chrome, {
      ...fromFront(0, chin + 0.06),
      direction: [0, 0, -1],
      halfSize: [w - p.noseRadius * 0.55, 0.022],
      exponent: 8,
      columns: 40,
      rows: 2,
      offset: LIFT * 3,
    });
    decal(parts.chrome, {
      centre: [0, frame.floor(frame.zRear) + 0.07, frame.zRear - 0.5],
      up: [0, 1, 0],
      direction: [0, 0, 1],
      halfSize: [w - p.tailRadius * 0.55, 0.022],
      exponent: 8,
      columns: 40,
      rows: 2,
      offset: LIFT * 3,
    });
  }
  return parts;
}
