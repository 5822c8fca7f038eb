import { Object3D, Vector3 } from 'three';
import { floorHeight, type WalkBounds } from '../shared/desktop-controls';

/** Tuning of the VR locomotion. */
export interface LocomotionOptions {
  /** Smooth walking speed, m/s. */
  speed: number;
  /** Snap turn step, radians. */
  snapAngle: number;
  /** Launch speed of the teleport arc, m/s (about 5 m of reach from chest height). */
  arcSpeed: number;
  /** Gravity of the teleport arc, m/s². */
  arcGravity: number;
  /** Time step of the arc's samples, s. */
  arcStep: number;
  /** Most samples of the arc. */
  arcSamples: number;
}

export const LOCOMOTION_DEFAULTS: Readonly<LocomotionOptions> = {
  speed: 1.6,
  snapAngle: Math.PI / 4,
  arcSpeed: 7,
  arcGravity: 9.8,
  arcStep: 0.03,
  arcSamples: 64,
};

const scratch = new Vector3();

function inside(bounds: WalkBounds, x: number, z: number): boolean {
  return x >= bounds.minX && x <= bounds.maxX && z >= bounds.minZ && z <= bounds.maxZ;
}

/**
/** What a cast of the teleport arc found: how many of its points were written, and whether it lands where the visitor may stand. */
export interface TeleportCast {
  count: number;
  valid: boolean;
}

/**
 * Casts the teleport arc (a ballistic curve from `start` along `direction`) onto the zone's floor.
 * Writes the arc's points into `points` (x, y, z triplets, up to the landing point) and their
 * count into `out`, which it returns; `hit` gets the landing point when it is on a walkable floor
 * inside the bounds. Cast every frame while aiming, so it writes into what it is given.
 */
export function castTeleportArc(
  start: Vector3,
  direction: Vector3,
  bounds: WalkBounds,
  points: Float32Array,
  hit: Vector3,
  options: Readonly<LocomotionOptions> = LOCOMOTION_DEFAULTS,
  out: TeleportCast = { count: 0, valid: false },
): TeleportCast {
  const samples = Math.min(options.arcSamples, Math.floor(points.length / 3));
  let px = start.x, py = start.y, pz = start.z;
  points[0] = px;
  points[1] = py;
  points[2] = pz;
  for (let i = 1; i < samples; i++) {
    const t = i * options.arcStep;
    const x = start.x + direction.x * options.arcSpeed * t;
    const y = start.y + direction.y * options.arcSpeed * t - 0.5 * options.arcGravity * t * t;
    const z = start.z + direction.z * options.arcSpeed * t;
    const floor = floorHeight(bounds.floors, x, z);
    if (y <= floor) {
      // Lands between the last sample and this one: interpolate on the floor's height there.
      const f = py - floor === py - y ? 1 : (py - floor) / (py - y);
      hit.set(px + (x - px) * f, floor, pz + (z - pz) * f);
      hit.y = floorHeight(bounds.floors, hit.x, hit.z);
      points[i * 3] = hit.x;
      points[i * 3 + 1] = hit.y;
      points[i * 3 + 2] = hit.z;
      out.count = i + 1;
      out.valid = inside(bounds, hit.x, hit.z);
      return out;
    }
    points[i * 3] = px = x;
    points[i * 3 + 1] = py = y;
    points[i * 3 + 2] = pz = z;
  }
  out.count = samples;
  out.valid = false;
  return out;
}

/**
 * Moves the origin so that the head (at `head`, in the origin's space) stands above `target`
 * (world space); the origin stands on the floor there.
 */
export function teleportOrigin(origin: Object3D, head: Vector3, target: Vector3): void {
  scratch.set(head.x, 0, head.z).applyAxisAngle(Object3D.DEFAULT_UP, origin.rotation.y);
  origin.position.set(target.x - scratch.x, target.y, target.z - scratch.z);
}

/**
 * Turns the origin by `angle` (radians, positive to the left) about the head's vertical axis,
 * so the visitor turns on the spot instead of swinging round the origin.
 */
export function turnOrigin(origin: Object3D, head: Vector3, angle: number): void {
  // The head in the world, before the turn.
  scratch.set(head.x, 0, head.z).applyAxisAngle(Object3D.DEFAULT_UP, origin.rotation.y);
  const hx = origin.position.x + scratch.x;
  const hz = origin.position.z + scratch.z;
  origin.rotation.y = normalizeAngle(origin.rotation.y + angle);
  scratch.set(head.x, 0, head.z).applyAxisAngle(Object3D.DEFAULT_UP, origin.rotation.y);
  origin.position.x = hx - scratch.x;
  origin.position.z = hz - scratch.z;
}

/**
 * Walks the origin by a thumbstick (`x` right, `y` down, −1 to 1) for `delta` seconds, towards
 * where the head looks (`headYaw`, world radians), keeping the head inside the bounds.
 * Returns the speed reached, m/s.
 */
export function walkOrigin(
  origin: Object3D,
  head: Vector3,
  headYaw: number,
  x: number,
  y: number,
  delta: number,
  bounds: WalkBounds,
  speed = LOCOMOTION_DEFAULTS.speed,
): number {
  const length = Math.hypot(x, y);
  if (length === 0) return 0;
  const scale = Math.min(1, length);
  scratch.set(x / length, 0, y / length).applyAxisAngle(Object3D.DEFAULT_UP, headYaw).multiplyScalar(speed * scale * delta);
  origin.position.x += scratch.x;
  origin.position.z += scratch.z;
  // Keep the head (not the origin) inside the walkable area.
  scratch.set(head.x, 0, head.z).applyAxisAngle(Object3D.DEFAULT_UP, origin.rotation.y);
  const hx = origin.position.x + scratch.x;
  const hz = origin.position.z + scratch.z;
  origin.position.x += Math.min(bounds.maxX, Math.max(bounds.minX, hx)) - hx;
  origin.position.z += Math.min(bounds.maxZ, Math.max(bounds.minZ, hz)) - hz;
  return speed * scale;
}

/** `angle` in (−π, π]. */
export function normalizeAngle(angle: number): number {
  const a = angle % (2 * Math.PI);
  return a > Math.PI ? a - 2 * Math.PI : a <= -Math.PI ? a + 2 * Math.PI : a;
}

/** The part of an XR input source the controller input reads, so tests can hand it plain objects. */
export interface ControllerSource {
  readonly handedness: 'none' | 'left' | 'right';
  readonly hand?: unknown;
  readonly gamepad?: { readonly axes: readonly number[]; readonly buttons: readonly { readonly pressed: boolean }[] } | null;
}

/** What the controllers ask for in one frame (one object, rewritten each frame). */
export interface LocomotionIntent<S extends ControllerSource = ControllerSource> {
  /** The source whose ray aims the teleport arc this frame; undefined when nobody aims. */
  aim: S | undefined;
  /** Aiming just ended on a valid spot: land there. */
  land: boolean;
  /** A snap turn to make now, radians (positive to the left); 0 for none. */
  turn: number;
  /** The left stick, when smooth walking uses it this frame (`x` right, `y` down); both 0 otherwise. */
  walkX: number;
  walkY: number;
  /** The VR menu's button was just pressed. */
  toggleMenu: boolean;
}

/** Thresholds of the sticks. */
export interface StickOptions {
  /** Push past which a stick acts. */
  push: number;
  /** Back under which it re-arms (one snap turn per push) or stops aiming. */
  release: number;
  /** Smooth walking ignores the left stick inside this. */
  deadZone: number;
}

export const STICK_DEFAULTS: Readonly<StickOptions> = { push: 0.7, release: 0.3, deadZone: 0.15 };

/**
 * The VR controllers read into what the visitor asks for, frame by frame, with no React and no
 * allocation: teleport by default (right stick forward, or a right-hand pinch, aims; releasing
 * lands where the last aim was valid), smooth walking on the left stick as an option, snap turns
 * on the right stick (one per push), and the left controller's X/Y button toggling the VR menu
 * (once per press).
 */
export class ControllerInput<S extends ControllerSource = ControllerSource> {
  /** The intent of the last {@link read}. */
  readonly intent: LocomotionIntent<S> = { aim: undefined, land: false, turn: 0, walkX: 0, walkY: 0, toggleMenu: false };
  private readonly pinches = new Set<S>();
  private snapArmed = true;
  private menuArmed = true;
  private aiming = false;
  private valid = false;

  constructor(
    private readonly options: Readonly<StickOptions> = STICK_DEFAULTS,
    private readonly snapAngle = LOCOMOTION_DEFAULTS.snapAngle,
  ) {}

  /** A pinch began (`selectstart`): a right hand's aims, unless it points at the VR menu (`overMenu`), where it presses a button. */
  pinchStart(source: S, overMenu: boolean): void {
    if (source.hand && source.handedness === 'right' && !overMenu) this.pinches.add(source);
  }

  /** A pinch ended (`selectend`). */
  pinchEnd(source: S): void {
    this.pinches.delete(source);
  }

  /** Forgets every pinch (the session ended). */
  clear(): void {
    this.pinches.clear();
  }

  /** Whether the teleport arc is out. */
  get isAiming(): boolean {
    return this.aiming;
  }

  /** Whether the arc's last cast landed on a walkable spot. */
  get aimValid(): boolean {
    return this.valid;
  }

  /** The arc was cast from {@link LocomotionIntent.aim}'s ray this frame: `valid` when it lands on a walkable floor. */
  aimed(valid: boolean): void {
    this.aiming = true;
    this.valid = valid;
  }

  /** Reads this frame's sources under the comfort setting `mode`; returns {@link intent}. */
  read(sources: ArrayLike<S>, mode: 'teleport' | 'smooth'): LocomotionIntent<S> {
    const { push, release, deadZone } = this.options;
    const intent = this.intent;
    intent.aim = undefined;
    intent.land = false;
    intent.turn = 0;
    intent.walkX = 0;
    intent.walkY = 0;
    intent.toggleMenu = false;
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i]!;
      const gamepad = source.hand ? undefined : source.gamepad;
      if (source.handedness === 'right') {
        if (source.hand && this.pinches.has(source)) intent.aim = source;
        if (!gamepad) continue;
        const x = gamepad.axes[2] ?? 0;
        const y = gamepad.axes[3] ?? 0;
        if (mode === 'teleport' && (y < -push || (this.aiming && y < -release))) {
          intent.aim = source;
        } else if (this.snapArmed && Math.abs(x) > push) {
          // Stick right turns right: a negative angle about +Y.
          intent.turn = -Math.sign(x) * this.snapAngle;
          this.snapArmed = false;
        }
        if (Math.abs(x) < release) this.snapArmed = true;
      } else if (source.handedness === 'left' && gamepad) {
        const x = gamepad.axes[2] ?? 0;
        const y = gamepad.axes[3] ?? 0;
        if (mode === 'smooth' && Math.hypot(x, y) > deadZone) {
          intent.walkX = x;
          intent.walkY = y;
        }
        const menuButton = (gamepad.buttons[4]?.pressed ?? false) || (gamepad.buttons[5]?.pressed ?? false);
        if (menuButton && this.menuArmed) intent.toggleMenu = true;
        this.menuArmed = !menuButton;
      }
    }
    if (mode !== 'teleport') intent.aim = undefined;
    if (!intent.aim && this.aiming) {
      intent.land = this.valid;
      this.aiming = false;
      this.valid = false;
    }
    return intent;
  }
}
