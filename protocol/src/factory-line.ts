/**
 * What the factory's environment (assets/src/environments/factory-line.ts) records for the
 * client that animates it: the production stages its stations are named after, and what each
 * robot's node carries. Plain data, no dependencies.
 */

/** The production stages, in order, as the factory's anchors name them (`anchor_station_<stage>`). */
export const FACTORY_STAGES = ['ordered', 'body', 'paint', 'assembly', 'quality', 'delivered'] as const;
export type FactoryStage = (typeof FACTORY_STAGES)[number];

/**
 * What a robot's node records in `extras.marque.robot`: the station it works at, and its
 * tool's reach past the wrist, so the client can put the tool's tip on the car.
 */
export interface RobotExtras {
  station: FactoryStage;
  toolReach: number;
}
