import type { AccessRule } from '../../../../../protocol/src/access-rules';
import { launchEventInput } from '../../../../../protocol/src/launch-input';
import type { LaunchEvent } from '../../../../../protocol/src/launch';
import type { LaunchEventInput } from '../../../../../protocol/src/launch-input';

/**
 * The host console's event form as plain data: what the inputs hold (strings, as inputs do),
 * how an event fills them, and how they become the API's `launchEventInput` — checked here with
 * the server's own schema, so most mistakes are named at the field before anything is sent.
 */

/** Who may attend, as the form offers it. */
export type AccessPreset = 'public' | 'owners' | 'invitation' | 'custom';

/** Each preset as the form labels it. */
export const ACCESS_PRESETS: Readonly<Record<AccessPreset, string>> = {
  public: 'Public: everyone, guests included',
  owners: 'Owners: holders of an owner profile',
  invitation: 'Invitation: guests with this event’s invitation link',
  custom: 'Custom rule (JSON)',
};

/** The form's inputs. */
export interface EventDraft {
  title: string;
  /** A `datetime-local` input's value, in the host's own time zone: `2026-12-01T18:00`. */
  startsAt: string;
  access: AccessPreset;
  /** The rule as JSON text, for the custom preset. */
  customAccess: string;
  capacityPerInstance: string;
  embodiedLimit: string;
  /** Other hosts' addresses, separated by commas, spaces or lines. */
  hosts: string;
  /** Car model id (`astrale-2025`). */
  model: string;
  /** Catalogue code per category; a category left out wears the car's default. */
  configuration: Record<string, string>;
  videoUrl: string;
  minimumStayMinutes: string;
}

/** A field of the form, or `form` for what belongs to none. */
export type DraftField = keyof EventDraft | 'form';

/** Problems by field, as sentences. */
export type DraftErrors = Partial<Record<DraftField, string>>;

/** The access rule of a preset; `eventId` names the invitation's scope (`event:<id>`). */
export function accessRuleFor(preset: Exclude<AccessPreset, 'custom'>, eventId: string): AccessRule {
  if (preset === 'public') return { public: true };
  if (preset === 'owners') return { hasProfile: true };
  return { invite: { scope: `event:${eventId}` } };
}

/** The preset an event's rule is, or `custom`. */
export function presetOf(access: AccessRule, eventId: string): AccessPreset {
  const text = JSON.stringify(access);
  for (const preset of ['public', 'owners', 'invitation'] as const) {
    if (JSON.stringify(accessRuleFor(preset, eventId)) === text) return preset;
  }
  return 'custom';
}

/** A date as a `datetime-local` input shows it, in the local time zone. */
export function toLocalInput(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) as an ISO 8601 instant; undefined when it is not a date. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A new event's form: starting at the next full hour after an hour from `now`, public, the server's defaults. */
export function newDraft(now: Date, model: string): EventDraft {
  const start = new Date(now.getTime() + 3_600_000);
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  return {
    title: '',
    startsAt: toLocalInput(start),
    access: 'public',
    customAccess: '{ "public": true }',
    capacityPerInstance: '50',
    embodiedLimit: '1000',
    hosts: '',
    model,
    configuration: {},
    videoUrl: '',
    minimumStayMinutes: '10',
  };
}

/** The form filled with an event, to edit it. */
export function draftFromEvent(event: LaunchEvent): EventDraft {
  return {
    title: event.title,
    startsAt: toLocalInput(new Date(event.startsAt)),
    access: presetOf(event.access, event.id),
    customAccess: JSON.stringify(event.access, null, 2),
    capacityPerInstance: String(event.capacityPerInstance),
    embodiedLimit: String(event.embodiedLimit),
    // The creator is first and a host anyway; the form lists the others.
    hosts: event.hosts.slice(1).join('\n'),
    model: event.car.model,
    configuration: { ...event.car.configuration },
    videoUrl: event.videoUrl,
    minimumStayMinutes: String(Math.round((event.minimumStaySeconds / 60) * 100) / 100),
  };
}

/** Where each of the API's fields is in the form. */
const FIELD_OF_PATH: Readonly<Record<string, DraftField>> = {
  title: 'title',
  startsAt: 'startsAt',
  access: 'customAccess',
  capacityPerInstance: 'capacityPerInstance',
  embodiedLimit: 'embodiedLimit',
  hosts: 'hosts',
  car: 'model',
  'car.model': 'model',
  'car.configuration': 'configuration',
  videoUrl: 'videoUrl',
  minimumStaySeconds: 'minimumStayMinutes',
};

/** The form field a path into the API's body belongs to (`car.configuration.paint` → configuration). */
export function fieldOfPath(path: string, access: AccessPreset = 'custom'): DraftField {
  for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
    const field = FIELD_OF_PATH[parts.join('.')];
    // A preset's rule is the form's own doing: its problem belongs to the preset's select.
    if (field) return field === 'customAccess' && access !== 'custom' ? 'access' : field;
  }
  return 'form';
}

/**
 * The server's `details` for a refused body (`title: a title of at least 3 characters; car.model:
 * unknown model`) as problems by field; what names no field goes to `form`.
 */
export function errorsFromDetails(details: string | undefined, access: AccessPreset = 'custom'): DraftErrors {
  const errors: DraftErrors = {};
  for (const part of (details ?? '').split(/;\s+/)) {
    if (!part.trim()) continue;
    const match = /^([\w.]+):\s*(.+)$/.exec(part.trim());
    const field = match ? fieldOfPath(match[1]!, access) : 'form';
    const message = match ? match[2]! : part.trim();
    errors[field] = errors[field] ? `${errors[field]}; ${message}` : message;
  }
  return errors;
}

/** Options of {@link draftToInput}. */
export interface DraftCheck {
  /** The event being edited; a new one has no id yet (see `invitationScopeId`). */
  eventId?: string;
  /** The id the invitation's scope names for an event that has none yet. */
  invitationScopeId?: string;
  /** Now, to refuse a new event that would start in the past. */
  now?: Date;
}

/**
 * The form as the API's body, checked with the server's schema (and, for a new event, a start
 * in the future); or the problems by field.
 */
export function draftToInput(draft: EventDraft, { eventId, invitationScopeId, now }: DraftCheck = {}): { input: LaunchEventInput } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  let access: unknown;
  if (draft.access === 'custom') {
    try {
      access = JSON.parse(draft.customAccess);
    } catch (error) {
      errors.customAccess = `not valid JSON (${error instanceof Error ? error.message : String(error)})`;
    }
  } else {
    access = accessRuleFor(draft.access, eventId ?? invitationScopeId ?? 'new');
  }
  const startsAt = fromLocalInput(draft.startsAt);
  if (!startsAt) errors.startsAt = 'a date and a time';
  else if (!eventId && now && new Date(startsAt) <= now) errors.startsAt = 'a start in the future';
  const number = (text: string, field: DraftField) => {
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(value)) errors[field] = 'a number';
    return value;
  };
  const candidate = {
    title: draft.title,
    startsAt: startsAt ?? draft.startsAt,
    access,
    capacityPerInstance: number(draft.capacityPerInstance, 'capacityPerInstance'),
    embodiedLimit: number(draft.embodiedLimit, 'embodiedLimit'),
    hosts: draft.hosts.split(/[\s,;]+/).filter(Boolean),
    car: { model: draft.model, configuration: Object.fromEntries(Object.entries(draft.configuration).filter(([, code]) => code)) },
    videoUrl: draft.videoUrl.trim(),
    minimumStaySeconds: Math.round(number(draft.minimumStayMinutes, 'minimumStayMinutes') * 60),
  };
  const parsed = launchEventInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath(issue.path.join('.'), draft.access);
      // The first problem of a field is enough to act on; a number's own check wins over the schema's.
      errors[field] ??= field === 'minimumStayMinutes' ? 'between 0 and 1,440 minutes' : issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { input: candidate as LaunchEventInput };
}
