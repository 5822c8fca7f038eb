import { getAddress, type Address } from 'viem';
import type { AccessControl } from '../access/access-control';
import { MarqueError } from '../../../protocol/src/errors';
import type { LaunchEvent } from '../../../protocol/src/launch';
import { launchEventInput } from '../../../protocol/src/launch-input';
import { checkModelConfiguration } from '../twins/configurations';
import { badInput } from './bad-input';
import type { EventDefinition, EventStore } from './event-store';

/**
 * The fields of an event a co-host (a host without the brand team's role) may change; the brand
 * team may change every field. Who may attend, the keynote's video, the hosts, the capacities,
 * the start, the car and the badge's stay are the brand's decisions. Every host may run the show
 * (cues), answer questions and moderate.
 */
export const CO_HOST_FIELDS: readonly (keyof EventDefinition)[] = ['title'];

/** Options of {@link EventDefinitions}. */
export interface EventDefinitionsOptions {
  store: EventStore;
  /** Whether a host holds the brand team's role. */
  access: AccessControl;
}

/** Launch events as the brand team defines them: created and changed after their checks. */
export class EventDefinitions {
  constructor(private readonly options: EventDefinitionsOptions) {}

  /**
   * A new event from the brand team (the route checks the role).
   * @throws MarqueError 400 naming what is wrong: fields, a start in the past, a car not offered.
   */
  async create(input: unknown, creator: Address, now = Date.now()): Promise<LaunchEvent> {
    const definition = validate(input, creator);
    if (Date.parse(definition.startsAt) <= now) {
      throw new MarqueError('events', `the start time ${definition.startsAt} is in the past; choose a time to come`, {
        status: 400,
        reason: 'bad-request',
      });
    }
    return this.options.store.create(definition, `wallet:${getAddress(creator)}`);
  }

  /**
   * Changes an event's definition; its hosts only. A host of the brand team (BRAND_TEAM_ROLE)
   * may change every field, a co-host only {@link CO_HOST_FIELDS}. A start time may stay where it
   * was, even if past.
   * @throws MarqueError 403 `not-host`, 403 `not-brand-team` naming the fields a co-host may not change, 400.
   */
  async update(id: string, input: unknown, wallet: Address, now = Date.now()): Promise<LaunchEvent> {
    const event = await this.options.store.requireHost(id, wallet);
    const definition = validate(input, getAddress(event.hosts[0]!));
    const refused = changedFields(event, definition).filter((field) => !CO_HOST_FIELDS.includes(field));
    if (refused.length > 0 && !(await this.options.access.hasRole('brand-team', wallet))) {
      throw new MarqueError(
        'events',
        `a co-host may change only the ${CO_HOST_FIELDS.join(', ')} of "${event.title}"; ${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} for the brand team to change`,
        { status: 403, reason: 'not-brand-team', details: `fields refused: ${refused.join(', ')}; ${wallet} does not hold BRAND_TEAM_ROLE` },
      );
    }
    if (definition.startsAt !== event.startsAt && Date.parse(definition.startsAt) <= now) {
      throw new MarqueError('events', `the new start time ${definition.startsAt} is in the past`, { status: 400, reason: 'bad-request' });
    }
    return this.options.store.update(id, definition);
  }
}

function validate(input: unknown, creator: Address): EventDefinition {
  const parsed = launchEventInput.safeParse(input);
  if (!parsed.success) throw badInput('the event is not valid', parsed.error);
  const { car } = parsed.data;
  checkModelConfiguration(car.model, car.configuration, 'events');
  const hosts = [...new Set([creator.toLowerCase(), ...parsed.data.hosts.map((h: string) => h.toLowerCase())])];
  return { ...parsed.data, startsAt: new Date(parsed.data.startsAt).toISOString(), hosts, car: { model: car.model, configuration: { ...car.configuration } } };
}

/** The fields of `event` that `definition` changes, in the definition's order. */
export function changedFields(event: LaunchEvent, definition: EventDefinition): (keyof EventDefinition)[] {
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
    );
  const fields = Object.keys(definition) as (keyof EventDefinition)[];
  return fields.filter((field) => {
    if (field === 'hosts') return [...event.hosts].sort().join() !== [...definition.hosts].sort().join();
    if (field === 'startsAt') return Date.parse(event.startsAt) !== Date.parse(definition.startsAt);
    return canonical(event[field]) !== canonical(definition[field]);
  });
}
