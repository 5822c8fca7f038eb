/**
 * The factory robots' working cycles as pure functions of time: where each robot's tool is,
 * the joint angles that put it there, and whether the tool is at work. No three.js here; the
 * factory rig turns these angles into the robots' pivots and instance matrices.
 *
 * Coordinates are the robot's own: it stands at the origin facing +Z (the line), +Y up from
 * the floor, +X to its left when seen from the line. The car's flank is about 2 m in front
 * of a robot (robots stand 3 m from the line's centre; cars are about 1.9 m wide).
 */

/** A robot's arm as its file builds it: heights and lengths in metres. */
export interface ArmDimensions {
  /** Height of the shoulder pivot above the floor. */
  shoulderHeight: number;
  /** Shoulder to elbow (along the lower arm, +Y of the shoulder). */
  lowerArm: number;
  /** Elbow to wrist (along the upper arm, +Z of the elbow). */
  upperArm: number;
  /** Wrist to the tool's tip (along the head, +Z of the wrist). */
  toolReach: number;
}

/**
 * A robot's joint angles in radians: the shoulder turns about +Y (`yaw`) and tilts the lower
 * arm forward about +X (`shoulder`); the elbow and wrist bend about +X.
 */
export interface ArmJoints {
  yaw: number;
  shoulder: number;
  elbow: number;
  wrist: number;
}

/** Where the tool's tip is, in the robot's coordinates, and how far it points below the horizontal (radians). */
export interface ToolTarget {
  x: number;
  y: number;
  z: number;
  pitch: number;
}

/** What a robot's tool does at its station. */
export type ToolWork = 'weld' | 'spray' | 'fit' | 'scan';

/** One motion of a cycle: from where the previous one ended to `to`, eased, in `seconds`; the tool works during it when `work`. */
export interface CycleMove {
  to: ToolTarget;
  seconds: number;
  work?: boolean;
}

/** A station's repeating program: the tool, the moves from and back to `rest`, and the move whose end is the still pose. */
export interface WorkCycle {
  tool: ToolWork;
  rest: ToolTarget;
  moves: readonly CycleMove[];
  /**
   * Index of the move whose end the robot holds when motion is reduced: a working pose, the
   * tool at the car.
   */
  still: number;
}

/** Where a robot is in its cycle: its joints, and whether its tool is at work. */
export interface RobotPose {
  joints: ArmJoints;
  working: boolean;
}

/** Arm raised above the line, tool pointing down ahead: where every cycle starts and ends. */
const REST: ToolTarget = { x: 0, y: 1.95, z: 0.9, pitch: 1.1 };

/** A move as a program lists it: its time is worked out from the distance when left out. */
type Step = Omit<CycleMove, 'seconds'> & { seconds?: number };

/** Seconds to travel between two points at a robot's unhurried pace: a settle, then about 1.1 m/s and 2.5 rad/s. */
function travelSeconds(from: ToolTarget, to: ToolTarget): number {
  return 0.35 + 0.9 * Math.hypot(to.x - from.x, to.y - from.y, to.z - from.z) + 0.4 * Math.abs(to.pitch - from.pitch);
}

/**
 * A station's cycle: from rest through `steps` (timed by distance where they give no time)
 * and back to rest, where it pauses before the next car's work. `still` indexes `steps`.
 */
function workCycle(tool: ToolWork, still: number, steps: readonly Step[]): WorkCycle {
  const moves: CycleMove[] = [];
  let from = REST;
  for (const step of [...steps, { to: REST }, { to: REST, seconds: 0.8 }]) {
    moves.push({ ...step, seconds: step.seconds ?? travelSeconds(from, step.to) });
    from = step.to;
  }
  return { tool, rest: REST, moves, still };
}

/** Touches the tool in and out at each point: approach `standOff` short of it, go in over `inSeconds`, work for `dwell`, back out. */
function touchSteps(points: readonly ToolTarget[], standOff: number, inSeconds: number, dwell: number): Step[] {
  return points.flatMap((point) => {
    const away = { ...point, z: point.z - standOff };
    return [{ to: away }, { to: point, seconds: inSeconds }, { to: point, seconds: dwell, work: true }, { to: away }];
  });
}

/** Sweeps the tool through `points` in turn, `seconds` each, working all the while. */
function sweepSteps(points: readonly ToolTarget[], seconds: number): Step[] {
  return points.map((to) => ({ to, seconds, work: true }));
}

/**
 * The programs of the stations that have robots: the body shop spot-welds a row of seams
 * along the flank; paint sweeps the spray gun along the car high and low; assembly presses
 * two parts home; quality passes a scanner over the car.
 */
export const WORK_CYCLES = {
  body: workCycle(
    'weld',
    1,
    touchSteps(
      [
        { x: -0.55, y: 1.25, z: 1.92, pitch: 0.2 },
        { x: -0.15, y: 1.2, z: 1.94, pitch: 0.2 },
        { x: 0.3, y: 1.15, z: 1.94, pitch: 0.2 },
        { x: 0.7, y: 0.9, z: 1.9, pitch: 0.15 },
      ],
      0.3,
      0.35,
      0.8,
    ),
  ),
  paint: workCycle('spray', 1, [
    { to: { x: -1.1, y: 1.5, z: 1.45, pitch: 0.45 } },
    ...sweepSteps(
      [
        { x: 1.1, y: 1.5, z: 1.45, pitch: 0.45 },
        { x: 1.1, y: 1.05, z: 1.5, pitch: 0.25 },
        { x: -1.1, y: 1.05, z: 1.5, pitch: 0.25 },
      ],
      2.4,
    ),
  ]),
  assembly: workCycle(
    'fit',
    1,
    touchSteps(
      [
        { x: 0.35, y: 0.95, z: 1.9, pitch: 0.05 },
        { x: -0.9, y: 0.8, z: 1.95, pitch: 0 },
      ],
      0.35,
      1.1,
      0.9,
    ),
  ),
  quality: workCycle('scan', 1, [
    { to: { x: -1.2, y: 2.0, z: 1.55, pitch: 0.9 } },
    ...sweepSteps(
      [
        { x: 1.2, y: 2.0, z: 1.55, pitch: 0.9 },
        { x: 1.2, y: 1.6, z: 1.45, pitch: 0.45 },
        { x: -1.2, y: 1.6, z: 1.45, pitch: 0.45 },
      ],
      3.2,
    ),
  ]),
} as const satisfies Record<string, WorkCycle>;

/** A station with a robot program. */
export type RobotStation = keyof typeof WORK_CYCLES;

/** Whether `station` has a robot program. */
export function isRobotStation(station: string): station is RobotStation {
  return Object.hasOwn(WORK_CYCLES, station);
}

/** Seconds one pass of a cycle takes. */
export function cycleSeconds(cycle: WorkCycle): number {
  return cycle.moves.reduce((sum, move) => sum + move.seconds, 0);
}

/**
 * How far into its cycle the robot numbered `index` starts, in seconds: successive robots
 * are spread by the golden ratio, so no two (not even two at one station) move in unison.
 */
export function robotPhase(index: number, cycle: WorkCycle): number {
  const golden = (Math.sqrt(5) - 1) / 2;
  return ((index * golden) % 1) * cycleSeconds(cycle);
}

/** Slow out of one point, slow into the next (a cubic smoothstep), as a robot controller plans a move. */
export function ease(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return c * c * (3 - 2 * c);
}

const scratchTarget: ToolTarget = { x: 0, y: 0, z: 0, pitch: 0 };

/**
 * The robot's pose `seconds` into its cycle (any number: the cycle repeats), or the still pose
 * when `seconds` is undefined (reduced motion: the tool held at the car, not working). The tool
 * moves in straight lines between the cycle's points; `out` is filled and returned.
 */
export function cyclePose(cycle: WorkCycle, seconds: number | undefined, arm: ArmDimensions, out: RobotPose = newPose()): RobotPose {
  if (seconds === undefined) {
    solveArm(cycle.moves[cycle.still]!.to, arm, out.joints);
    out.working = false;
    return out;
  }
  const total = cycleSeconds(cycle);
  let t = ((seconds % total) + total) % total;
  let from = cycle.rest;
  for (const move of cycle.moves) {
    if (t < move.seconds) {
      const k = ease(t / move.seconds);
      scratchTarget.x = from.x + (move.to.x - from.x) * k;
      scratchTarget.y = from.y + (move.to.y - from.y) * k;
      scratchTarget.z = from.z + (move.to.z - from.z) * k;
      scratchTarget.pitch = from.pitch + (move.to.pitch - from.pitch) * k;
      solveArm(scratchTarget, arm, out.joints);
      out.working = move.work ?? false;
      return out;
    }
    t -= move.seconds;
    from = move.to;
  }
  // Only floating-point rounding gets here (t equal to the total): the cycle's end is its rest.
  solveArm(cycle.rest, arm, out.joints);
  out.working = false;
  return out;
}

/** A pose to fill (one per robot, made once). */
export function newPose(): RobotPose {
  return { joints: { yaw: 0, shoulder: 0, elbow: 0, wrist: 0 }, working: false };
}

/**
 * The joint angles that put the tool's tip at `target`, pointing `target.pitch` below the
 * horizontal, elbow up (inverse kinematics of the two-link arm in the plane the shoulder
 * turns to). A target out of reach is reached for: the arm stretches towards it as far as it
 * goes. `out` is filled and returned.
 */
export function solveArm(target: ToolTarget, arm: ArmDimensions, out: ArmJoints = { yaw: 0, shoulder: 0, elbow: 0, wrist: 0 }): ArmJoints {
  const { lowerArm: a, upperArm: b, toolReach, shoulderHeight } = arm;
  // The wrist, in the arm's plane: forward from the shoulder's axis, up from the shoulder.
  const forward = Math.hypot(target.x, target.z) - toolReach * Math.cos(target.pitch);
  const up = target.y - shoulderHeight + toolReach * Math.sin(target.pitch);
  const d = Math.min(a + b - 1e-6, Math.max(Math.abs(a - b) + 1e-6, Math.hypot(forward, up)));
  // The triangle shoulder–elbow–wrist: its angle at the shoulder, and at the elbow.
  const atShoulder = Math.acos(clamp((a * a + d * d - b * b) / (2 * a * d)));
  const atElbow = Math.acos(clamp((a * a + b * b - d * d) / (2 * a * b)));
  const lowerElevation = Math.atan2(up, forward) + atShoulder;
  const upperElevation = lowerElevation - (Math.PI - atElbow);
  out.yaw = Math.atan2(target.x, target.z);
  // The lower arm stands along the shoulder's +Y: tilting it by θ about +X leans it forward by θ.
  out.shoulder = Math.PI / 2 - lowerElevation;
  // The upper arm and the head lie along +Z: the sum of the tilts is their angle below the horizontal.
  out.elbow = -upperElevation - out.shoulder;
  out.wrist = target.pitch + upperElevation;
  return out;
}

function clamp(cosine: number): number {
  return Math.min(1, Math.max(-1, cosine));
}
