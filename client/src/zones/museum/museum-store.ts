import { stepTour, tourStops, type ExhibitPlacement, type TourCar, type TourStop } from './tour-route';

/** What the museum shows now, besides the hall itself. A new object on every change. */
export interface MuseumState {
  /** The tour's stops, once the line-up is known (empty before). */
  stops: readonly TourStop[];
  /** The stop the guided tour is at; undefined while no tour runs. */
  step?: number;
  /** The car whose detail panel is open. */
  selected?: string;
  /** Whether the selected car's long story is open over its panel. */
  story: boolean;
  /** Cars with their lamps switched on. */
  lit: ReadonlySet<string>;
  /** Cars turning on their plinths. */
  turning: ReadonlySet<string>;
  /** Cars with their doors open. */
  open: ReadonlySet<string>;
  /** Where each car in the hall stands, once drawn. */
  placements: ReadonlyMap<string, ExhibitPlacement>;
}

const EMPTY: MuseumState = { stops: [], story: false, lit: new Set(), turning: new Set(), open: new Set(), placements: new Map() };

/**
 * The museum's state outside React: the tour, the open panels, each car's lamps, doors and
 * turntable. The 2D overlay and the cars in the 3D scene (two separate chunks, one module)
 * both read and change it, and subscribe to it.
 */
export class MuseumStore {
  private state: MuseumState = EMPTY;
  private readonly listeners = new Set<() => void>();

  get = (): MuseumState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The line-up the tour walks, oldest first (from the manifest). */
  setLineUp(cars: readonly TourCar[]): void {
    const stops = tourStops(cars);
    const step = this.state.step === undefined ? undefined : stepTour(this.state.step, 0, stops.length);
    this.update({ stops, step });
  }

  /** Where a car stands, once its model is in the hall; none when it leaves. */
  place(carId: string, placement: ExhibitPlacement | undefined): void {
    const placements = new Map(this.state.placements);
    if (placement) placements.set(carId, placement);
    else placements.delete(carId);
    this.update({ placements });
  }

  /** Starts the tour at its opening stop. */
  startTour(): void {
    this.update({ step: 0, selected: undefined, story: false });
  }

  /** Moves the tour `by` stops (−1 back, +1 on), held at its ends; a panel left open closes. */
  step(by: number): void {
    if (this.state.step === undefined) return;
    this.update({ step: stepTour(this.state.step, by, this.state.stops.length), selected: undefined, story: false });
  }

  leaveTour(): void {
    this.update({ step: undefined });
  }

  /** Opens a car's detail panel (clicking the car or its label, or from the tour). */
  select(carId: string): void {
    this.update({ selected: carId, story: false });
  }

  closeDetail(): void {
    this.update({ selected: undefined, story: false });
  }

  /** Opens or closes the long story of the selected car. */
  setStory(open: boolean): void {
    this.update({ story: open && this.state.selected !== undefined });
  }

  toggleLights(carId: string): void {
    this.update({ lit: toggled(this.state.lit, carId) });
  }

  toggleTurntable(carId: string): void {
    this.update({ turning: toggled(this.state.turning, carId) });
  }

  toggleDoors(carId: string): void {
    this.update({ open: toggled(this.state.open, carId) });
  }

  /**
   * Closes the topmost layer, as Escape does: the story, else the detail panel, else the
   * tour. Whether there was one to close.
   */
  escape(): boolean {
    if (this.state.story) this.setStory(false);
    else if (this.state.selected !== undefined) this.closeDetail();
    else if (this.state.step !== undefined) this.leaveTour();
    else return false;
    return true;
  }

  /** Back to the hall as the visitor found it: no tour, no panel, lamps off, doors shut, turntables still. */
  reset(): void {
    this.update({ step: undefined, selected: undefined, story: false, lit: new Set(), turning: new Set(), open: new Set() });
  }

  private update(patch: Partial<MuseumState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

function toggled(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** The page's one museum store. */
export const museum = new MuseumStore();
