import type { ComponentType } from 'react';
import type { Role } from '../../../protocol/src/access-rules';
import type { ZoneId } from '../../../protocol/src/zones';
import type { WorldConnection } from '../net/world-connection';
import type { OwnerChoice, OwnerView } from '../owner/owner-journey';
import type { OwnerTwins } from '../owner/use-owner-twins';
import type { SignedInSession } from '../wallet/session-store';
import type { WorldInfo } from '../wallet/world-info';
import type { Configuration } from '../world/shared/variants';
import type { ShownCar, ZoneSceneParts } from '../world/zone/zone-scene';

/** What a zone's outlet asks of the page's scene; what it leaves out, the scene shows as published. */
export interface ZoneSceneRequest {
  /** The cars to show instead of the manifest's (an owner's twins). */
  cars?: readonly ShownCar[];
  /** Configurations by car id for the manifest's cars (the garage's configurator). */
  configurations?: Readonly<Record<string, Configuration>>;
  /** Where the visitor stands instead of the zone's spawn (a stop of the museum's tour). */
  standAt?: { position: [number, number, number]; yaw: number };
}

/** What the page gives a zone's panels and overlay. */
export interface ZoneOutletProps {
  world: WorldInfo;
  /** The signed-in visitor, if any. */
  session?: SignedInSession;
  /** The zone's room, once joined. */
  connection?: WorldConnection;
  /** The signed-in wallet's roles (a dealer, the brand team). */
  roles: readonly Role[];
  /** The signed-in owner's twins (loaded again on entering a zone with `owner`). */
  owner: OwnerTwins;
  /** Which of them the zone is about, and the one picked. */
  view: OwnerView;
  /** The owner picked a twin (by token id); it stays picked from zone to zone. */
  onPickTwin: (tokenId: string) => void;
  /** A launch event is under way here: its stage and panel are the page's. */
  atLaunch: boolean;
  /** Tells the page what the zone's scene shows now; each call replaces the last. */
  onScene: (request: ZoneSceneRequest) => void;
}

/** One zone of the world as the page knows it; each zone's folder exports one, and the registry lists them. */
export interface ZoneDefinition {
  id: ZoneId;
  /** The translation key of its name on the zone buttons, the map, the doorways' signs and the presence line (client/src/i18n/locales). */
  label: string;
  /** The translation key of what it is, in a sentence, for a visitor who reads rather than walks it (the flat page). */
  summary: string;
  /** Where it sits on the world map, in percent of the map's width and height. */
  mapAt: { x: number; y: number };
  /** Its light, and what it adds to its environment and cars. */
  scene: ZoneSceneParts;
  /** Its panels, hung under the page's header while the visitor is in it. */
  Panels?: ComponentType<ZoneOutletProps>;
  /** Its overlay over the canvas (the museum's tour). */
  Overlay?: ComponentType<ZoneOutletProps>;
  /** What it adds to the flat page (the lounge's manual), in the page's flow. */
  FlatPanels?: ComponentType<ZoneOutletProps>;
  /**
   * Which of the signed-in owner's twins it is about, where it shows them (their cars come from
   * its panels); they load again on entering it, so their stages are today's.
   */
  owner?: OwnerChoice;
  /** Live launch events take place here: an event's link opens it. */
  launches?: boolean;
  /** The flat page's heading over the zone's cars, when not "Cars here". */
  carsHeading?: string; // a translation key
  /** The flat page tells each car's story (what the museum's tour and panels tell). */
  carStories?: boolean;
}
