import { Euler, Vector3, type Camera } from 'three';

/** A raised area of a zone's floor (a stage, a tier): x and z from `min` to `max`, top at `y`. */
export interface FloorArea {
  min: readonly [number, number];
  max: readonly [number, number];
  y: number;
}

/** Walkable area of a zone, in metres. */
export interface WalkBounds {
  minX: number;
  maxX: number;
  minZ: number;
  maxZ: number;
  /** Raised areas (the environment's `extras.marque.floors`); the floor is at 0 elsewhere. */
  floors?: readonly FloorArea[];
}

/** Height of the floor at (x, z): the highest raised area there, or 0. */
export function floorHeight(floors: readonly FloorArea[] | undefined, x: number, z: number): number {
  let y = 0;
  if (!floors) return y;
  for (const { min, max, y: top } of floors) {
    if (x >= min[0] && x <= max[0] && z >= min[1] && z <= max[1] && top > y) y = top;
  }
  return y;
}

/** Tuning of {@link DesktopControls}. */
export interface DesktopControlsOptions {
  /** Walking speed, m/s. */
  speed?: number;
  /** Radians of turn per pixel of mouse movement. */
  lookSensitivity?: number;
  /** Eye height above the floor, metres. */
  eyeHeight?: number;
  /** How fast the eyes follow a step up or down, per second (a step eases in over about 1/this s). */
  stepRate?: number;
}

export const DESKTOP_CONTROLS_DEFAULTS: Required<DesktopControlsOptions> = {
  speed: 2.6,
  lookSensitivity: 0.0025,
  eyeHeight: 1.6,
  stepRate: 10,
};

const MAX_PITCH = Math.PI / 2 - 0.05;
const forward = new Vector3();
const right = new Vector3();
const move = new Vector3();
const euler = new Euler(0, 0, 0, 'YXZ');

/**
 * WASD / arrow keys to walk and the mouse to look (pointer lock on click, with a dot at the
 * view's centre while locked, where a click walks to; a drag works where pointer lock is
 * unavailable, and on touch screens). Escape releases the pointer (the browser's own key).
 * Plain TS: the React layer only attaches it and calls {@link update} each frame.
 */
export class DesktopControls {
  yaw = 0;
  pitch = 0;
  private readonly keys = new Set<string>();
  private readonly options: Required<DesktopControlsOptions>;
  private element: HTMLElement | undefined;
  private dragging: { x: number; y: number } | undefined;
  private crosshair: HTMLElement | undefined;
  /** False until the first update after attaching, which puts the eyes at their height at once. */
  private standing = false;

  constructor(options: DesktopControlsOptions = {}) {
    this.options = { ...DESKTOP_CONTROLS_DEFAULTS, ...options };
  }

  attach(element: HTMLElement): void {
    this.element = element;
    this.standing = false;
    window.addEventListener('keydown', this.onKeyDown);
    window.addEventListener('keyup', this.onKeyUp);
    window.addEventListener('blur', this.onBlur);
    element.addEventListener('pointerdown', this.onPointerDown);
    window.addEventListener('pointermove', this.onPointerMove);
    window.addEventListener('pointerup', this.onPointerUp);
    document.addEventListener('pointerlockchange', this.onPointerLockChange);
  }

  detach(): void {
    window.removeEventListener('keydown', this.onKeyDown);
    window.removeEventListener('keyup', this.onKeyUp);
    window.removeEventListener('blur', this.onBlur);
    this.element?.removeEventListener('pointerdown', this.onPointerDown);
    window.removeEventListener('pointermove', this.onPointerMove);
    window.removeEventListener('pointerup', this.onPointerUp);
    document.removeEventListener('pointerlockchange', this.onPointerLockChange);
    this.crosshair?.remove();
    this.crosshair = undefined;
    this.keys.clear();
  }

  /** Moves and turns the camera for this frame, keeping it inside `bounds` and its eyes above the floor. */
  update(camera: Camera, delta: number, bounds: WalkBounds): void {
    euler.set(this.pitch, this.yaw, 0);
    camera.quaternion.setFromEuler(euler);
    const ahead = Number(this.pressed('KeyW', 'ArrowUp')) - Number(this.pressed('KeyS', 'ArrowDown'));
    const side = Number(this.pressed('KeyD', 'ArrowRight')) - Number(this.pressed('KeyA', 'ArrowLeft'));
    if (ahead !== 0 || side !== 0) this.walk(camera, delta, bounds, ahead, side);
    const eyes = floorHeight(bounds.floors, camera.position.x, camera.position.z) + this.options.eyeHeight;
    // Steps up and down ease in; the first frame stands the visitor at their height.
    camera.position.y = this.standing ? camera.position.y + (eyes - camera.position.y) * Math.min(1, delta * this.options.stepRate) : eyes;
    this.standing = true;
  }

  private walk(camera: Camera, delta: number, bounds: WalkBounds, ahead: number, side: number): void {
    forward.set(-Math.sin(this.yaw), 0, -Math.cos(this.yaw));
    right.set(-forward.z, 0, forward.x);
    move
      .set(0, 0, 0)
      .addScaledVector(forward, ahead)
      .addScaledVector(right, side)
      .normalize()
      .multiplyScalar(this.options.speed * Math.min(delta, 0.1));
    camera.position.x = Math.min(bounds.maxX, Math.max(bounds.minX, camera.position.x + move.x));
    camera.position.z = Math.min(bounds.maxZ, Math.max(bounds.minZ, camera.position.z + move.z));
  }

  /** Whether either key is held (two parameters, not a list: asked four times a frame). */
  private pressed(code: string, other: string): boolean {
    return this.keys.has(code) || this.keys.has(other);
  }

  private look(dx: number, dy: number): void {
    this.yaw -= dx * this.options.lookSensitivity;
    this.pitch = Math.max(-MAX_PITCH, Math.min(MAX_PITCH, this.pitch - dy * this.options.lookSensitivity));
  }

  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    this.keys.add(event.code);
  };

  private readonly onKeyUp = (event: KeyboardEvent) => {
    this.keys.delete(event.code);
  };

  private readonly onBlur = () => this.keys.clear();

  private readonly onPointerDown = (event: PointerEvent) => {
    if (event.pointerType === 'mouse' && this.element?.requestPointerLock) {
      // Pointer lock can be refused (headless, iframes); a drag still works then.
      Promise.resolve(this.element.requestPointerLock()).catch(() => {});
    }
    this.dragging = { x: event.clientX, y: event.clientY };
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    if (document.pointerLockElement === this.element) {
      this.look(event.movementX, event.movementY);
    } else if (this.dragging) {
      this.look(event.clientX - this.dragging.x, event.clientY - this.dragging.y);
      this.dragging = { x: event.clientX, y: event.clientY };
    }
  };

  private readonly onPointerUp = () => {
    this.dragging = undefined;
  };

  /** Shows the dot at the view's centre while the pointer is locked (the cursor is hidden then). */
  private readonly onPointerLockChange = () => {
    const locked = this.element !== undefined && document.pointerLockElement === this.element;
    if (locked && !this.crosshair && this.element?.parentElement) {
      const dot = document.createElement('div');
      dot.className = 'view-crosshair';
      dot.setAttribute('aria-hidden', 'true');
      Object.assign(dot.style, {
        position: 'absolute',
        left: '50%',
        top: '50%',
        width: '6px',
        height: '6px',
        margin: '-3px 0 0 -3px',
        borderRadius: '50%',
        background: 'rgba(255, 250, 240, 0.9)',
        boxShadow: '0 0 0 1px rgba(0, 0, 0, 0.55)',
        pointerEvents: 'none',
      });
      this.element.parentElement.append(dot);
      this.crosshair = dot;
    }
    if (this.crosshair) this.crosshair.hidden = !locked;
  };
}
