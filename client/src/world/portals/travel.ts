import { BackSide, type Camera, Mesh, MeshBasicMaterial, type Object3D, SphereGeometry } from 'three';
import type { RoomName } from '../../net/world-connection';
import { reducedMotion } from '../shared/reduced-motion';
import { zoneLoading } from '../zone/zone-loading';
import { arrivalPose, type PortalAnchor } from './portal-layout';
import { trip, type TravelPhase, type TravelState } from './trip';

/** Tuning of {@link Travel}: fade lengths and the longest wait in the dark, milliseconds. */
export interface TravelOptions {
  fadeOut?: number;
  fadeIn?: number;
  /** After this long in the dark the view comes back even if the room has not answered (a slow network, a watch-only launch). */
  maxWait?: number;
}

export const TRAVEL_DEFAULTS: Required<TravelOptions> = { fadeOut: 300, fadeIn: 400, maxWait: 8000 };

/**
 * Trips through the world's doorways, in plain TypeScript: the doorway a visitor walks into (or
 * clicks, taps, points at) asks for a trip; the view fades to black — a plain cut to black when
 * the visitor prefers reduced motion — the app changes zone, and the view comes back once the
 * visitor stands in front of the doorway leading back, the new room has let them in and the
 * zone is shown ({@link zoneLoading}: loaded and warmed up). A room
 * that refuses them sends them back (the app's choice); arriving there, they stand where they
 * were, facing the doorway, with the room's reason on screen. The black is a sphere around
 * the eyes inside the scene, so a headset sees it too; it draws nothing while the view is clear.
 */
export class Travel implements TravelState {
  phase: TravelPhase = 'idle';
  /** Trips taken through doorways (the end-to-end tests read it). */
  trips = 0;
  /** The last trip asked for, from where to where. */
  journey: { from: RoomName; to: RoomName } | undefined;
  /** The current zone's doorways, once its environment is in (the end-to-end tests read them). */
  portals: readonly PortalAnchor[] = [];
  private readonly options: Required<TravelOptions>;
  /** The zone whose doorways came in last, and whether its room has let the visitor in. */
  private zone: RoomName | undefined;
  private joined = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly veil: Mesh<SphereGeometry, MeshBasicMaterial>;
  private fade = { from: 0, to: 0, start: 0, duration: 0 };

  constructor(options: TravelOptions = {}) {
    this.options = { ...TRAVEL_DEFAULTS, ...options };
    this.veil = new Mesh(
      new SphereGeometry(0.4, 16, 8),
      new MeshBasicMaterial({ color: 0x000000, side: BackSide, transparent: true, opacity: 0, depthTest: false, depthWrite: false, toneMapped: false }),
    );
    zoneLoading.subscribe(() => this.revealWhenReady());
    this.veil.name = 'travel-fade';
    // Drawn over everything, hit by nothing: a controller's ray must reach the menus inside it.
    this.veil.raycast = () => {};
    this.veil.visible = false;
    this.veil.frustumCulled = false;
    this.veil.renderOrder = Number.MAX_SAFE_INTEGER;
    this.veil.matrixAutoUpdate = false;
    this.veil.onBeforeRender = (_renderer, _scene, camera) => {
      // Around whichever eye draws: the desktop camera, or each of a headset's.
      const e = camera.matrixWorld.elements;
      this.veil.matrixWorld.makeTranslation(e[12]!, e[13]!, e[14]!);
      const { from, to, start, duration } = this.fade;
      const k = duration > 0 ? Math.min(1, (performance.now() - start) / duration) : 1;
      this.veil.material.opacity = from + (to - from) * k;
      // Clear again: stop drawing it from the next frame.
      if (k >= 1 && to === 0) this.veil.visible = false;
    };
  }

  /** The visitor's eyes outside XR, once placed (the end-to-end tests read them). */
  get camera(): Camera | undefined {
    return trip.camera;
  }

  /** Puts the fade into the scene the world draws (each zone's doorways call it; a new canvas gets it moved). */
  attach(scene: Object3D): void {
    if (this.veil.parent !== scene) scene.add(this.veil);
  }

  /** Asks for a trip through the doorway from `from` to `to`; false while another trip is under way or no app listens. */
  through(from: RoomName, to: RoomName): boolean {
    const go = trip.go;
    if (this.phase !== 'idle' || !go || from === to) return false;
    this.journey = { from, to };
    trip.arrival = undefined;
    this.trips++;
    this.phase = 'leaving';
    this.fadeTo(1, this.options.fadeOut);
    this.schedule(this.duration(this.options.fadeOut), () => {
      this.phase = 'waiting';
      this.schedule(this.options.maxWait, () => this.reveal());
      go(to);
    });
    return true;
  }

  /**
   * A zone's doorways are in: on a trip, this is where the visitor will stand — in front of
   * the doorway back, looking into the room; or, sent back to where they set out from, in
   * front of the doorway they took, looking at it.
   */
  arrive(zone: RoomName, portals: readonly PortalAnchor[]): void {
    this.portals = portals;
    this.zone = zone;
    this.joined = false;
    const way = this.journey;
    if (!way || this.phase === 'idle') return;
    const back = way.to === zone ? portals.find((p) => p.to === way.from) : way.from === zone ? portals.find((p) => p.to === way.to) : undefined;
    trip.arrival = back && arrivalPose(back, way.to === zone ? 'away' : 'towards');
  }

  /** The visitor stands in the new zone and its room let them in: the view comes back once the zone is shown. */
  settled(): void {
    this.joined = true;
    this.revealWhenReady();
  }

  private revealWhenReady(): void {
    const status = zoneLoading.status;
    const shown = status?.zone === this.zone && (status?.phase === 'ready' || status?.phase === 'failed');
    if (this.phase === 'waiting' && this.joined && shown) this.reveal();
  }

  private reveal(): void {
    this.phase = 'arriving';
    this.fadeTo(0, this.options.fadeIn);
    this.schedule(this.duration(this.options.fadeIn), () => {
      this.phase = 'idle';
      trip.arrival = undefined;
    });
  }

  /** A fade's length: none (a cut) for visitors who prefer reduced motion. */
  private duration(ms: number): number {
    return reducedMotion?.matches ? 0 : ms;
  }

  private fadeTo(level: number, ms: number): void {
    const now = performance.now();
    const current = this.veil.visible ? this.veil.material.opacity : 0;
    this.fade = { from: current, to: level, start: now, duration: this.duration(ms) };
    this.veil.material.opacity = current;
    if (level > 0) this.veil.visible = true;
  }

  private schedule(ms: number, then: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(then, ms);
  }
}

/** The page's trips: the doorways ask, the app goes ({@link trip}), the player's rig arrives. */
export const travel = new Travel();
trip.travel = travel;
trip.settled = () => travel.settled();
