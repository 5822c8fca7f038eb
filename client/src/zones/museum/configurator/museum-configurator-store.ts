import type { BuildView } from '../../../../../protocol/src/builds-api';
import { t } from '../../../i18n/i18n';
import type { Configuration } from '../../../world/shared/variants';

/** The museum configurator's state. A new object on every change. */
export interface MuseumConfiguratorState {
  /** Whether its panel is unfolded (the car in the hall shows the choices either way). */
  open: boolean;
  /** The car it configures: the current model, once the manifest named it. */
  carId?: string;
  /** The codes chosen, by category; the car's defaults where left out. */
  configuration: Configuration;
  /** The build saved for exactly these choices, with its share link; cleared by the next choice. */
  saved?: BuildView;
  /** The build a share link asked for, while it loads. */
  opening?: string;
  /** Why a share link's build could not be shown. */
  linkProblem?: string;
  /** The page's share link was dealt with (shown, or said why not): it is not applied again. */
  linkDone?: boolean;
}

const INITIAL: MuseumConfiguratorState = { open: false, configuration: {} };

/**
 * The museum's public configurator outside React: the panel (a DOM chunk) and the museum's scene
 * outlet (which puts the choices on the car in the hall) both read it. A choice made after saving
 * drops the saved build, so a share link always shows exactly what the car shows.
 */
export class MuseumConfiguratorStore {
  private state: MuseumConfiguratorState = INITIAL;
  private readonly listeners = new Set<() => void>();

  get = (): MuseumConfiguratorState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The car the configurator is for. */
  setCar(carId: string): void {
    if (this.state.carId !== carId) this.set({ ...this.state, carId });
  }

  setOpen(open: boolean): void {
    this.set({ ...this.state, open });
  }

  /** A new set of choices: the saved build no longer matches. */
  choose(configuration: Configuration): void {
    this.set({ ...this.state, configuration, saved: undefined });
  }

  /** The current choices were saved as `build`. */
  saved(build: BuildView): void {
    this.set({ ...this.state, saved: build, configuration: { ...build.configuration } });
  }

  /** A share link asks for build `id`: the panel opens and says it is loading. */
  opening(id: string): void {
    this.set({ ...this.state, open: true, opening: id, linkProblem: undefined });
  }

  /** The link's build arrived: the car wears it, and the link is the saved one. */
  opened(build: BuildView): void {
    if (this.state.carId && build.model !== this.state.carId) {
      return this.linkFailed(t('museumConfigurator.otherModel', { model: build.modelName }));
    }
    this.set({ ...this.state, open: true, opening: undefined, configuration: { ...build.configuration }, saved: build, linkProblem: undefined, linkDone: true });
  }

  /** The link's build could not be shown, and why. */
  linkFailed(problem: string): void {
    this.set({ ...this.state, open: true, opening: undefined, linkProblem: problem, linkDone: true });
  }

  /** Back to the car as the hall shows it (leaving the museum keeps the choices for the page's life). */
  reset(): void {
    this.set({ ...INITIAL, carId: this.state.carId, linkDone: this.state.linkDone });
  }

  private set(state: MuseumConfiguratorState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

/** The page's museum configurator. */
export const museumConfigurator = new MuseumConfiguratorStore();
