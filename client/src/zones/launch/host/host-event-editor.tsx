import { use, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { LaunchEvent } from '../../../../../protocol/src/launch';
import { ApiError } from '../../../net/api';
import { CATEGORY_LABELS } from '../../../ui/configurator-options';
import { listCars, loadManifest } from '../../../world/shared/manifest';
import { ACCESS_PRESETS, draftFromEvent, draftToInput, errorsFromDetails, newDraft, type AccessPreset, type DraftErrors, type DraftField, type EventDraft } from './event-form';
import { createEvent, updateEvent } from '../launch-client';

/** Props of {@link HostEventEditor}. */
export interface HostEventEditorProps {
  /** The host's session token. */
  token: string;
  /** The event to edit; a new one when left out. */
  event?: LaunchEvent;
  onSaved: (event: LaunchEvent) => void;
  onCancel?: () => void;
}

/**
 * The form that creates or edits a launch event: title, start (in the host's time zone), who
 * may attend (presets or a custom rule), capacity per instance and the embodied limit, the
 * other hosts, the car and its launch configuration (from the published cars and catalogue),
 * the keynote video and the stay that earns the badge. Problems are named at their fields,
 * first by the server's own schema here, then by the server.
 */
export function HostEventEditor({ token, event, onSaved, onCancel }: HostEventEditorProps) {
  const id = useId();
  const manifest = use(loadManifest());
  const cars = listCars(manifest);
  const [draft, setDraft] = useState<EventDraft>(() => (event ? draftFromEvent(event) : newDraft(new Date(), cars.at(-1)?.id ?? '')));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string>();
  const car = cars.find((entry) => entry.id === draft.model);
  const set = <K extends keyof EventDraft>(field: K, value: EventDraft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setSaved(undefined);
  };

  // The problems, and the keyboard taken to the first field that has one.
  const form = useRef<HTMLFormElement>(null);
  const showErrors = (found: DraftErrors) => {
    setErrors(found);
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const save = async (submitted: FormEvent) => {
    submitted.preventDefault();
    // A new event has no id for its invitation's scope yet: it is created with a scope nobody
    // holds, then given its own.
    const pending = !event && draft.access === 'invitation' ? `pending-${crypto.randomUUID().slice(0, 8)}` : undefined;
    const checked = draftToInput(draft, { eventId: event?.id, invitationScopeId: pending, now: event ? undefined : new Date() });
    if ('errors' in checked) return showErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      let result = event ? await updateEvent(event.id, checked.input, token) : await createEvent(checked.input, token);
      if (pending) {
        const scoped = draftToInput(draft, { eventId: result.id });
        if ('input' in scoped) result = await updateEvent(result.id, scoped.input, token);
      }
      setSaved(event ? 'Changes saved.' : 'Event created.');
      onSaved(result);
    } catch (error) {
      if (error instanceof ApiError && error.details) showErrors({ ...errorsFromDetails(error.details, draft.access), form: error.message });
      else showErrors({ form: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: DraftField, label: string, input: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode, hint?: string) => {
    const problem = errors[name];
    const describedBy = [hint && `${id}-${name}-hint`, problem && `${id}-${name}-error`].filter(Boolean).join(' ') || undefined;
    return (
      <div className={`host-field${problem ? ' host-field-invalid' : ''}`}>
        <label htmlFor={`${id}-${name}`}>{label}</label>
        {input({ id: `${id}-${name}`, 'aria-invalid': Boolean(problem), 'aria-describedby': describedBy })}
        {hint && (
          <p id={`${id}-${name}-hint`} className="host-hint">
            {hint}
          </p>
        )}
        {problem && (
          <p id={`${id}-${name}-error`} className="host-field-error">
            {problem}
          </p>
        )}
      </div>
    );
  };

  return (
    <section className="host-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{event ? 'Edit the event' : 'New launch event'}</h2>
      <form ref={form} className="host-form" noValidate onSubmit={(submitted) => void save(submitted)}>
        {field('title', 'Title', (props) => <input {...props} value={draft.title} maxLength={120} onChange={(e) => set('title', e.target.value)} />)}
        {field(
          'startsAt',
          'Starts at',
          (props) => <input {...props} type="datetime-local" value={draft.startsAt} onChange={(e) => set('startsAt', e.target.value)} />,
          `Your time zone (${Intl.DateTimeFormat().resolvedOptions().timeZone}).`,
        )}
        {field('access', 'Who may attend', (props) => (
          <select {...props} value={draft.access} onChange={(e) => set('access', e.target.value as AccessPreset)}>
            {(Object.keys(ACCESS_PRESETS) as AccessPreset[]).map((preset) => (
              <option key={preset} value={preset}>
                {ACCESS_PRESETS[preset]}
              </option>
            ))}
          </select>
        ))}
        {draft.access === 'custom' &&
          field(
            'customAccess',
            'Access rule (JSON)',
            (props) => <textarea {...props} rows={4} spellCheck={false} value={draft.customAccess} onChange={(e) => set('customAccess', e.target.value)} />,
            'An access rule as JSON, e.g. { "anyOf": [{ "hasProfile": true }, { "invite": { "scope": "event:<id>" } }] }.',
          )}
        <div className="host-form-row">
          {field(
            'capacityPerInstance',
            'Avatars per instance',
            (props) => <input {...props} type="number" inputMode="numeric" min={1} max={100} value={draft.capacityPerInstance} onChange={(e) => set('capacityPerInstance', e.target.value)} />,
            '1 to 100: the audience is split into instances of this size.',
          )}
          {field(
            'embodiedLimit',
            'Avatars in all',
            (props) => <input {...props} type="number" inputMode="numeric" min={1} value={draft.embodiedLimit} onChange={(e) => set('embodiedLimit', e.target.value)} />,
            'Beyond this, attendees watch without an avatar.',
          )}
        </div>
        {field(
          'hosts',
          'Other hosts',
          (props) => <textarea {...props} rows={2} spellCheck={false} placeholder="0x…" value={draft.hosts} onChange={(e) => set('hosts', e.target.value)} />,
          'Wallet addresses, one per line; you are a host already.',
        )}
        <div className="host-form-row">
          {field('model', 'Car', (props) => (
            <select {...props} value={draft.model} onChange={(e) => setDraft((current) => ({ ...current, model: e.target.value, configuration: {} }))}>
              {!car && <option value={draft.model}>{draft.model || 'Choose a car'}</option>}
              {cars.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.name}
                  {entry.year ? ` (${entry.year})` : ''}
                </option>
              ))}
            </select>
          ))}
        </div>
        {car && (
          <fieldset className={`host-configuration${errors.configuration ? ' host-field-invalid' : ''}`}>
            <legend>Launch configuration</legend>
            {(Object.keys(CATEGORY_LABELS) as (keyof typeof CATEGORY_LABELS)[]).map((category) => {
              const codes = car.variants?.[category] ?? [];
              if (codes.length === 0) return null;
              const name = (code: string) => manifest.catalogue[category]?.[code]?.name ?? code;
              return (
                <div key={category} className="host-field">
                  <label htmlFor={`${id}-cfg-${category}`}>{CATEGORY_LABELS[category]}</label>
                  <select
                    id={`${id}-cfg-${category}`}
                    value={draft.configuration[category] ?? ''}
                    onChange={(e) => set('configuration', { ...draft.configuration, [category]: e.target.value })}
                  >
                    <option value="">Default ({name(codes[0]!)})</option>
                    {codes.map((code) => (
                      <option key={code} value={code}>
                        {name(code)}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
            {errors.configuration && <p className="host-field-error">{errors.configuration}</p>}
          </fieldset>
        )}
        {field(
          'videoUrl',
          'Keynote video',
          (props) => <input {...props} type="url" inputMode="url" placeholder="https://…/keynote.m3u8" value={draft.videoUrl} onChange={(e) => set('videoUrl', e.target.value)} />,
          'An HLS playlist (.m3u8) or a video file: an http(s) URL, or a path on this site starting with /.',
        )}
        {field(
          'minimumStayMinutes',
          'Stay that earns the badge (minutes)',
          (props) => <input {...props} type="number" inputMode="decimal" min={0} step="any" value={draft.minimumStayMinutes} onChange={(e) => set('minimumStayMinutes', e.target.value)} />,
        )}
        {errors.form && (
          <p className="host-problem" role="alert">
            {errors.form}
          </p>
        )}
        {Object.keys(errors).some((name) => name !== 'form') && !errors.form && (
          <p className="host-problem" role="alert">
            Some fields need attention: see the messages under them.
          </p>
        )}
        <p className="host-status" role="status">
          {saved}
        </p>
        <div className="host-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : event ? 'Save changes' : 'Create the event'}
          </button>
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
