import { MeshBuilder } from '../geometry/mesh-builder';
import { roundedBox, torus } from '../geometry/primitives';
import { composeAffine, rotationX, rotationY, translation, type Vec3 } from '../geometry/vec';
import type { BodyFrame } from './body-frame';
import type { CarParams } from './car-params';

/**
 * Seats, dashboard, console and steering wheel: only what reads through tinted glass.
 * Left-hand drive, so the driver sits on +X (the car's left).
 */
export function buildInterior(frame: BodyFrame, p: Required<CarParams>): MeshBuilder {
  const out = new MeshBuilder();
  const floorY = p.groundClearance + 0.04;
  const seatX = Math.min(0.37, frame.cabinHalfWidth(frame.roofFrontZ) * 0.46);
  // Hip point: far enough behind the windscreen that the driver's head sits under the roof.
  const hipZ = frame.roofFrontZ - 0.22;
  const cushionTop = floorY + 0.2;
  const recline = 0.32;

  // Low cars get shorter backrests so the headrests stay under the roof (or the screen).
  const headroom = p.height - 0.1 - cushionTop;
  const backScale = Math.max(0.55, Math.min(1, headroom / (0.82 * Math.cos(recline))));
  for (const side of [1, -1]) {
    const x = side * seatX;
    roundedBox(out, [0.5, 0.12, 0.52], 0.045, translation([x, cushionTop - 0.06, hipZ + 0.2]));
    // Backrest pivots at the hip and leans back.
    const back = composeAffine(translation([x, cushionTop - 0.02, hipZ - 0.04]), rotationX(-recline));
    roundedBox(out, [0.5, 0.64 * backScale, 0.12], 0.05, composeAffine(back, translation([0, 0.32 * backScale, -0.04])));
    roundedBox(out, [0.26, 0.16, 0.1], 0.04, composeAffine(back, translation([0, 0.64 * backScale + 0.1, -0.03])));
  }

  const dashZ = frame.cowlZ - 0.2;
  const dashTop = frame.belt(frame.cowlZ) - 0.04;
  const dashWidth = frame.cabinHalfWidth(frame.cowlZ) * 2 - 0.1;
  roundedBox(out, [dashWidth, 0.24, 0.42], 0.07, translation([0, dashTop - 0.12, dashZ]));
  const consoleLength = dashZ - (hipZ - 0.1);
  roundedBox(
    out,
    [0.2, 0.22, consoleLength],
    0.04,
    translation([0, floorY + 0.11, hipZ - 0.1 + consoleLength / 2]),
  );

  // Steering wheel faces the driver, tilted back like the column.
  const wheelCentre: Vec3 = [seatX, dashTop - 0.06, dashZ - 0.33];
  // The torus is built around X: turn its axis to +Z, then tilt its top towards the driver.
  const column = composeAffine(translation(wheelCentre), composeAffine(rotationX(-0.42), rotationY(-Math.PI / 2)));
  torus(out, 0.18, 0.017, 28, 6, column);
  return out;
}
