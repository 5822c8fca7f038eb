import type { AddOn } from '../../../../protocol/src/twin-api';
import type { Configuration } from '../../world/shared/variants';

/** What an owner previews on one of their twins: configurator choices, an add-on tried on. */
export interface GaragePreview {
  tokenId: string;
  picked: Configuration;
  trying?: AddOn;
}

/** The garage's choices: they stay made while the visitor goes elsewhere and comes back. */
export interface GarageChoicesState {
  /** The configurator's choices for the garage's own cars (no twin), by car id. */
  configurations: Readonly<Record<string, Configuration>>;
  /** The preview on the owner's twin, if any. */
  preview?: GaragePreview;
}

/**
 * The garage's choices for the page's lifetime, in plain TypeScript: the garage's panels read
 * them with `useSyncExternalStore` and the scene follows. Each change makes a new state object.
 */
export class GarageChoices {
  private state: GarageChoicesState = { configurations: {} };
  private readonly listeners = new Set<() => void>();

  /** The current choices (the same object until they change). */
  readonly get = (): GarageChoicesState => this.state;

  /** Calls `listener` on each change; returns the unsubscription. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The configurator's choice for one of the garage's cars. */
  configure(carId: string, configuration: Configuration): void {
    this.set({ ...this.state, configurations: { ...this.state.configurations, [carId]: configuration } });
  }

  /** What the owner previews on a twin; undefined clears it. */
  preview(preview: GaragePreview | undefined): void {
    this.set({ ...this.state, preview });
  }

  private set(state: GarageChoicesState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

/** The page's garage choices. */
export const garageChoices = new GarageChoices();
