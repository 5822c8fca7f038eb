import { endCurl, type Profile, smoothProfile } from '../geometry/curve';
import { lerp } from '../geometry/vec';
import type { CarParams } from './car-params';

/**
 * The car's design lines in side and plan view, derived once from {@link CarParams} and
 * shared by the body, interior and lamps so that they always agree with one another.
 * All `z` are along the car (+Z is forward); all heights are above the ground.
 */
export interface BodyFrame {
  zFront: number;
  zRear: number;
  zFrontAxle: number;
  zRearAxle: number;
  /** Base of the windscreen. */
  cowlZ: number;
  /** Top of the windscreen (front of the roof). */
  roofFrontZ: number;
  /** Rear of the roof, where the fastback starts. */
  roofRearZ: number;
  /** Where the fastback meets the rear deck. */
  deckZ: number;
  /** Side glass runs between these; a thin pillar splits it at `pillarZ`. */
  sideGlassFrontZ: number;
  sideGlassRearZ: number;
  pillarZ: number;
  /**
   * The doors run from `doorFrontZ` (their leading edge and hinge line) back to `doorRearZ`:
   * behind the front wheel arch and the windscreen's base, ahead of the rear arch, ending at
   * the glass pillar where they can.
   */
  doorFrontZ: number;
  doorRearZ: number;
  /** The windscreen and rear glass z ranges (front > back). */
  windshield: readonly [number, number];
  rearGlass: readonly [number, number];
  /** Radius of the wheel arches and height of the wheel centres. */
  archRadius: number;
  wheelCentreY: number;
  /** Beltline: bonnet edge, base of the side glass, rear deck edge. */
  belt: Profile;
  /** Centreline of the top surface: bonnet, roof, deck. */
  top: Profile;
  /** Underbody height, ignoring wheel arches. */
  floor: Profile;
  /** Underbody height including the wheel-arch cut-outs. */
  bottom: Profile;
  /** Half of the body width at the widest point of each section. */
  halfWidth: Profile;
  /** Half-width of the greenhouse at the beltline. */
  cabinHalfWidth: Profile;
}

/** Length over which an arch drops from its spring line to the sill, kept tiny so it reads as a cut. */
export const ARCH_RAMP = 0.006;

/** The longest door: a longer cabin keeps a fixed rear quarter behind it, as grand tourers do. */
const DOOR_MAX_LENGTH = 1.3;
/** Room between a door's edge and a wheel arch, for the wing or the haunch. */
const DOOR_ARCH_CLEARANCE = 0.08;

/** Derives the design lines from the parameters. */
export function createBodyFrame(p: Required<CarParams>): BodyFrame {
  const zFront = p.length / 2;
  const zRear = -p.length / 2;
  const zFrontAxle = zFront - p.frontOverhang;
  const zRearAxle = zFrontAxle - p.wheelbase;
  const cowlZ = zFrontAxle - p.cowlSetback;
  const roofFrontZ = cowlZ - p.windshieldRun;
  const roofRearZ = roofFrontZ - p.roofRun;
  const deckZ = Math.max(roofRearZ - p.fastbackRun, zRear + 0.25);
  const archRadius = p.wheelRadius + p.archGap;
  const wheelCentreY = p.wheelRadius;

  const beltBase = smoothProfile([
    [zFront, p.noseHeight],
    [lerp(zFront, cowlZ, 0.45), lerp(p.noseHeight, p.cowlHeight, 0.72)],
    [cowlZ, p.cowlHeight],
    [zRearAxle, p.cowlHeight + p.beltRise],
    [zRear, p.tailHeight],
  ]);
  const curls = (z: number): number => endCurl(z, zFront, p.noseDrop, 1) + endCurl(z, zRear, p.tailDrop, -1);
  const bump = (z: number, centre: number, width: number): number => Math.exp(-(((z - centre) / width) ** 2));
  // Wings and haunches swell the beltline over the wheels; the bonnet centre stays low.
  const belt: Profile = (z) =>
    beltBase(z) + p.fenderRise * bump(z, zFrontAxle, 0.6) + p.haunchRise * bump(z, zRearAxle, 0.75) - curls(z);

  const deckTop = beltBase(deckZ) + p.crown - curls(deckZ);
  const roofline = smoothProfile([
    [cowlZ, p.cowlHeight + p.crown],
    [lerp(cowlZ, roofFrontZ, 0.55), lerp(p.cowlHeight + p.crown, p.height, 0.72)],
    [roofFrontZ, p.height - 0.015],
    [lerp(roofFrontZ, roofRearZ, 0.5), p.height],
    [roofRearZ, p.height - 0.02],
    [lerp(roofRearZ, deckZ, 0.5), lerp(p.height, deckTop, 0.58)],
    [deckZ, deckTop],
  ]);
  const top: Profile = (z) => {
    const edge = beltBase(z) + p.crown - curls(z);
    // An open car has no roof: the deck runs straight through and the cockpit is cut out of it.
    return p.roof === 'fixed' && z < cowlZ && z > deckZ ? Math.max(edge, roofline(z)) : edge;
  };

  const chinCurl = Math.min(0.1, p.noseDrop);
  const floorBase = smoothProfile([
    [zFront, p.chinHeight],
    [zFront - 0.45, p.groundClearance + 0.04],
    [zFrontAxle, p.groundClearance + 0.01],
    [zRearAxle, p.groundClearance + 0.01],
    [zRear + 0.35, p.groundClearance + 0.08],
    [zRear, p.tailBottom],
  ]);
  const floor: Profile = (z) =>
    floorBase(z) + endCurl(z, zFront, chinCurl, 1) + endCurl(z, zRear, 0.08, -1);

  const arch = (z: number): number => {
    let y = -Infinity;
    for (const axle of [zFrontAxle, zRearAxle]) {
      const dz = Math.abs(z - axle);
      if (dz <= archRadius) y = Math.max(y, wheelCentreY + Math.sqrt(archRadius * archRadius - dz * dz));
      else if (dz < archRadius + ARCH_RAMP) {
        y = Math.max(y, lerp(wheelCentreY, floor(z), (dz - archRadius) / ARCH_RAMP));
      }
    }
    return y;
  };
  const bottom: Profile = (z) => Math.max(floor(z), arch(z));

  const w = p.width / 2;
  const widthBase = smoothProfile([
    [zFront, w - 0.1],
    [zFrontAxle, w - 0.005],
    [(zFrontAxle + zRearAxle) / 2, w - p.waist],
    [zRearAxle, w],
    [zRear, w - 0.07],
  ]);
  const halfWidth: Profile = (z) =>
    widthBase(z) - endCurl(z, zFront, p.noseRadius, 1) - endCurl(z, zRear, p.tailRadius, -1);

  const cabinRatio = smoothProfile([
    [cowlZ, p.cabinWidth],
    [roofRearZ, p.cabinWidth - 0.015],
    [deckZ, p.cabinWidth - 0.1],
  ]);
  const cabinHalfWidth: Profile = (z) => halfWidth(z) * cabinRatio(z);

  const sideGlassFrontZ = cowlZ - 0.06;
  const sideGlassRearZ = roofRearZ - 0.42 * (roofRearZ - deckZ);
  const pillarZ = roofRearZ + 0.05;
  const doorFrontZ = Math.min(cowlZ, zFrontAxle - archRadius - DOOR_ARCH_CLEARANCE);
  const doorRearZ = Math.max(pillarZ, zRearAxle + archRadius + DOOR_ARCH_CLEARANCE, doorFrontZ - DOOR_MAX_LENGTH);

  return {
    zFront,
    zRear,
    zFrontAxle,
    zRearAxle,
    cowlZ,
    roofFrontZ,
    roofRearZ,
    deckZ,
    sideGlassFrontZ,
    sideGlassRearZ,
    pillarZ,
    doorFrontZ,
    doorRearZ,
    windshield: [cowlZ, roofFrontZ + 0.05],
    rearGlass: [roofRearZ - 0.08, deckZ + 0.07],
    archRadius,
    wheelCentreY,
    belt,
    top,
    floor,
    bottom,
    halfWidth,
    cabinHalfWidth,
  };
}
