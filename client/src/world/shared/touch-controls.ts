import { Raycaster, Vector2, Vector3, type Camera, type Ray } from 'three';
import type { WalkBounds } from './desktop-controls';
import { reducedMotion } from './reduced-motion';

/** Where a joystick's knob is, as a walking intent: `x` to the right, `y` ahead, each −1…1, and its overall strength 0…1. */
export interface JoystickVector {
  x: number;
  y: number;
  magnitude: number;
}

/**
 * The walking intent of a joystick whose knob was dragged `dx`, `dy` pixels from its centre
 * (screen axes: y down). Inside the dead zone (a share of `radius`) it is still; beyond the
 * radius it is full strength in the drag's direction; in between it ramps linearly, so a
 * small push walks slowly.
 */
export function joystickVector(dx: number, dy: number, radius: number, deadZone = 0.15): JoystickVector {
  const distance = Math.hypot(dx, dy);
  if (radius <= 0 || distance <= radius * deadZone) return { x: 0, y: 0, magnitude: 0 };
  const magnitude = Math.min(1, (distance / radius - deadZone) / (1 - deadZone));
  return { x: (dx / distance) * magnitude, y: (-dy / distance) * magnitude, magnitude };
}

/** Where the knob is drawn for a drag of `dx`, `dy`: the drag itself, held inside the base's `radius`. */
export function clampKnob(dx: number, dy: number, radius: number): { x: number; y: number } {
  const distance = Math.hypot(dx, dy);
  if (distance <= radius || distance === 0) return { x: dx, y: dy };
  return { x: (dx / distance) * radius, y: (dy / distance) * radius };
}

/**
 * Whether a press that moved `moved` pixels and lasted `ms` milliseconds is a tap (walk there)
 * rather than a drag (look around).
 */
export function isTap(moved: number, ms: number, maxMove = 10, maxMs = 350): boolean {
  return moved <= maxMove && ms <= maxMs;
}

/**
 * The step towards a tapped target this frame: `distance` metres at most `speed × delta`,
 * or the whole remaining way. Returns the fraction of the remaining way to go (1: arrived).
 */
export function stepTowards(distance: number, speed: number, delta: number): number {
  if (distance <= 1e-3) return 1;
  return Math.min(1, (speed * Math.min(delta, 0.1)) / distance);
}

/**
 * Where a click or tap along a ray walks to: the point where it meets the floor at height
 * `floorY`, if it points down at it within `maxDistance` of the ray's origin, moved inside
 * `bounds` (a click on a wall's foot, or on the floor seen past it, walks as far as one can).
 */
export function floorTarget(
  origin: { x: number; y: number; z: number },
  direction: { x: number; y: number; z: number },
  floorY: number,
  bounds: WalkBounds,
  maxDistance: number,
): { x: number; z: number } | undefined {
  if (direction.y >= -1e-6 || origin.y <= floorY) return undefined;
  const t = (floorY - origin.y) / direction.y;
  const length = Math.hypot(direction.x, direction.y, direction.z);
  if (t * length > maxDistance) return undefined;
  return {
    x: Math.min(bounds.maxX, Math.max(bounds.minX, origin.x + direction.x * t)),
    z: Math.min(bounds.maxZ, Math.max(bounds.minZ, origin.z + direction.z * t)),
  };
}

/**
 * Whether this device is touch-first: a coarse primary pointer (a phone, a tablet), or a touch
 * screen with no fine pointer at all. A touch laptop with a mouse stays a desktop.
 */
export function isTouchDevice(): boolean {
  if (typeof matchMedia !== 'function') return false;
  if (matchMedia('(pointer: coarse)').matches) return true;
  return (navigator.maxTouchPoints ?? 0) > 0 && !matchMedia('(any-pointer: fine)').matches;
}

/** Tuning of {@link TouchControls}. */
export interface TouchControlsOptions {
  /** Walking speed at full stick, and towards a tapped point, m/s. */
  speed?: number;
  /** Farthest a tap or click on the floor walks to, metres. */
  maxTapDistance?: number;
  /** Eye height above the floor, metres (the desktop controls' too). */
  eyeHeight?: number;
}

export const TOUCH_CONTROLS_DEFAULTS: Required<TouchControlsOptions> = {
  speed: 2.6,
  maxTapDistance: 20,
  eyeHeight: 1.6,
};

const forward = new Vector3();
const right = new Vector3();
const target = new Vector3();
const ndc = new Vector2();
const raycaster = new Raycaster();
/** Until the first frame tells the real walkable area. */
const NO_BOUNDS: WalkBounds = { minX: -Infinity, maxX: Infinity, minZ: -Infinity, maxZ: Infinity };

/**
 * Walking by pointing: on a phone a joystick (its overlay calls {@link setStick}) walks
 * relative to where the visitor looks, and on any screen a tap or a click on the floor walks
 * there (a jump when reduced motion is asked for; with the mouse pointer locked, the click
 * aims where the visitor looks). A tap on something that takes it first ({@link onTap}: a
 * doorway) does not walk, nor does a press the scene's own handlers took (`preventDefault` on
 * the pointer-up: a museum car). Looking around is the desktop controls' drag, which works with a
 * finger too. Plain TS: one instance per page ({@link touchControls}), shared by the DOM
 * overlay and the player.
 */
export class TouchControls {
  /** The stick's intent, from the overlay. */
  readonly stick: JoystickVector = { x: 0, y: 0, magnitude: 0 };
  /** Metres walked by touch or click since the page opened (the end-to-end tests read it). */
  walked = 0;
  /** Where a tap or click is walking to, if anywhere (the end-to-end tests read it). */
  destination: Vector3 | undefined;
  /** Offered each tap's ray first; returning true takes the tap (no walking). */
  onTap: ((ray: Ray) => boolean) | undefined;
  private readonly options: Required<TouchControlsOptions>;
  private element: HTMLElement | undefined;
  private camera: Camera | undefined;
  private press: { id: number; x: number; y: number; at: number; moved: number; locked: boolean } | undefined;
  private bounds: WalkBounds = NO_BOUNDS;

  constructor(options: TouchControlsOptions = {}) {
    this.options = { ...TOUCH_CONTROLS_DEFAULTS, ...options };
  }

  /** Sets the stick's intent (the overlay, each move); a push cancels a walk to a tapped point. */
  setStick(next: JoystickVector): void {
    this.stick.x = next.x;
    this.stick.y = next.y;
    this.stick.magnitude = next.magnitude;
    if (next.magnitude > 0) this.destination = undefined;
  }

  attach(element: HTMLElement, camera: Camera): void {
    this.element = element;
    this.camera = camera;
    this.destination = undefined;
    element.addEventListener('pointerdown', this.onPointerDown);
    window.addEventListener('pointermove', this.onPointerMove);
    window.addEventListener('pointerup', this.onPointerUp);
  }

  detach(): void {
    this.element?.removeEventListener('pointerdown', this.onPointerDown);
    window.removeEventListener('pointermove', this.onPointerMove);
    window.removeEventListener('pointerup', this.onPointerUp);
    this.element = undefined;
    this.press = undefined;
    this.destination = undefined;
  }

  /** Walks the camera for this frame (stick first, else towards a tapped point), inside `bounds`; `yaw` is where the visitor faces. */
  update(camera: Camera, delta: number, bounds: WalkBounds, yaw: number): void {
    this.bounds = bounds;
    const beforeX = camera.position.x;
    const beforeZ = camera.position.z;
    if (this.stick.magnitude > 0) {
      forward.set(-Math.sin(yaw), 0, -Math.cos(yaw));
      right.set(-forward.z, 0, forward.x);
      const step = this.options.speed * Math.min(delta, 0.1);
      camera.position.x += (forward.x * this.stick.y + right.x * this.stick.x) * step;
      camera.position.z += (forward.z * this.stick.y + right.z * this.stick.x) * step;
    } else if (this.destination) {
      const dx = this.destination.x - camera.position.x;
      const dz = this.destination.z - camera.position.z;
      const share = reducedMotion?.matches ? 1 : stepTowards(Math.hypot(dx, dz), this.options.speed, delta);
      camera.position.x += dx * share;
      camera.position.z += dz * share;
      if (share >= 1) this.destination = undefined;
    } else {
      return;
    }
    camera.position.x = Math.min(bounds.maxX, Math.max(bounds.minX, camera.position.x));
    camera.position.z = Math.min(bounds.maxZ, Math.max(bounds.minZ, camera.position.z));
    this.walked += Math.hypot(camera.position.x - beforeX, camera.position.z - beforeZ);
  }

  /**
   * Offers the ray under the canvas point (`x`, `y`) — the view's centre with `centre` — to
   * {@link onTap}, then sets the walk's destination to the floor there, if there is floor
   * within reach.
   */
  private walkTo(x: number, y: number, centre: boolean): void {
    const { element, camera } = this;
    if (!element || !camera) return;
    const rect = element.getBoundingClientRect();
    if (centre) ndc.set(0, 0);
    else ndc.set(((x - rect.left) / rect.width) * 2 - 1, -((y - rect.top) / rect.height) * 2 + 1);
    camera.updateMatrixWorld();
    raycaster.setFromCamera(ndc, camera);
    if (this.onTap?.(raycaster.ray)) return;
    // The floor under the visitor's feet (the eyes stand a known height above it).
    const floorY = camera.position.y - this.options.eyeHeight;
    const hit = floorTarget(raycaster.ray.origin, raycaster.ray.direction, floorY, this.bounds, this.options.maxTapDistance);
    if (hit) this.destination = (this.destination ?? target).set(hit.x, 0, hit.z);
  }

  private readonly onPointerDown = (event: PointerEvent) => {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    // Event times, not handling times: a busy frame between the two must not turn a tap into a press.
    const locked = document.pointerLockElement != null && document.pointerLockElement === this.element;
    this.press = { id: event.pointerId, x: event.clientX, y: event.clientY, at: event.timeStamp, moved: 0, locked };
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    const press = this.press;
    if (!press || press.id !== event.pointerId) return;
    // A locked mouse stays put on screen: what it moved is in the movement fields.
    if (press.locked) press.moved += Math.hypot(event.movementX, event.movementY);
    else press.moved = Math.max(press.moved, Math.hypot(event.clientX - press.x, event.clientY - press.y));
  };

  private readonly onPointerUp = (event: PointerEvent) => {
    const press = this.press;
    if (!press || press.id !== event.pointerId) return;
    this.press = undefined;
    // Something in the scene took the press (a museum car opening its panel) and said so.
    if (event.defaultPrevented) return;
    if (isTap(press.moved, event.timeStamp - press.at)) this.walkTo(press.x, press.y, press.locked);
  };
}

/** The page's touch controls: the joystick overlay writes, the player reads. */
export const touchControls = new TouchControls();
