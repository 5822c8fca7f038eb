import type { Object3D } from 'three';

/** How the thumbsticks move a visitor in VR. */
export type LocomotionMode = 'teleport' | 'smooth';

/** A visitor's VR comfort choices, kept between visits on this device. */
export interface ComfortSettings {
  /** Teleport (the default: no vection, hence no motion sickness) or smooth walking. */
  locomotion: LocomotionMode;
  /** Seated play: the origin is raised so that a seated visitor sees from standing height. */
  seated: boolean;
  /** How far the origin is raised while seated, metres (measured when seated mode is turned on). */
  seatedLift: number;
  /** A dark ring narrowing the view while walking smoothly. */
  vignette: boolean;
}

export const COMFORT_DEFAULTS: Readonly<ComfortSettings> = {
  locomotion: 'teleport',
  seated: false,
  seatedLift: 0.45,
  vignette: true,
};

/** Eye height a seated visitor is lifted to, metres. */
export const STANDING_EYE_HEIGHT = 1.6;

const STORAGE_KEY = 'marque.vr-comfort';

function load(): ComfortSettings {
  try {
    const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    return { ...COMFORT_DEFAULTS, ...(stored ? (JSON.parse(stored) as Partial<ComfortSettings>) : {}) };
  } catch {
    return { ...COMFORT_DEFAULTS };
  }
}

/**
 * The comfort settings and the VR menu's open state, outside React: the per-frame
 * locomotion reads them without re-rendering, the menu subscribes to them.
 */
export class ComfortStore {
  private settings: ComfortSettings;
  private menu = false;
  private readonly listeners = new Set<() => void>();
  /** Height of the head above the XR origin's floor, last seen (seated mode measures it). */
  headHeight: number = STANDING_EYE_HEIGHT;

  constructor(initial: ComfortSettings = load()) {
    this.settings = initial;
  }

  get(): Readonly<ComfortSettings> {
    return this.settings;
  }

  get menuOpen(): boolean {
    return this.menu;
  }

  set(patch: Partial<ComfortSettings>): void {
    this.settings = { ...this.settings, ...patch };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.settings));
    } catch {
      // Private browsing or no storage: the choice lasts for this visit.
    }
    this.emit();
  }

  /** Seated on: lifts the origin by what the head lacks of standing height now (0 to 1 m). */
  setSeated(seated: boolean): void {
    const lift = Math.min(1, Math.max(0, STANDING_EYE_HEIGHT - this.headHeight));
    this.set(seated ? { seated, seatedLift: lift } : { seated });
  }

  /** Height the origin is raised above the floor now. */
  lift(): number {
    return this.settings.seated ? this.settings.seatedLift : 0;
  }

  setMenuOpen(open: boolean): void {
    if (open === this.menu) return;
    this.menu = open;
    this.emit();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The page's one comfort store. */
export const comfort = new ComfortStore();

/** What the VR layer shows the console and the end-to-end tests (`window.marque.xr`). */
export interface XrInspection {
  /** The XR origin (the visitor's feet), while a rig is mounted. */
  origin?: Object3D;
  /** XR frames seen since the page loaded: tests wait on these, not on the clock. */
  frames: number;
  /** Where the last teleport landed (the head's x/z, the floor's y). */
  lastTeleport?: { x: number; y: number; z: number };
  /** Teleport marker's position while aiming at a valid spot. */
  aim?: { x: number; y: number; z: number };
  readonly comfort: ComfortStore;
}

/** The page's one XR inspection handle. */
export const xrInspection: XrInspection = { frames: 0, comfort };
