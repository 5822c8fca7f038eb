import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { isAddress, type Address } from 'viem';
import { CAR_LINE_UP } from '../../../protocol/src/car-line-up';
import { CONTACT_CHANNELS, INTEREST_ERAS } from '../../../protocol/src/consent';
import type { Preferences, ProfileView } from '../../../protocol/src/privacy-api';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/languages';
import { consent } from '../privacy/consent-store';
import { privacyClient } from '../privacy/privacy-client';
import type { SignedInSession } from '../wallet/session-store';
import type { WorldInfo } from '../wallet/world-info';
import { changeFamily, type FamilyChange } from './family';
import { profilePreferences } from './preferences';

/** Props of {@link ProfileSection}. */
export interface ProfileSectionProps {
  session: SignedInSession;
  world: WorldInfo;
}

/** The profile's preferences (with personalisation consent) and its family members. */
export function ProfileSection({ session, world }: ProfileSectionProps) {
  const agreed = useSyncExternalStore(consent.subscribe, () => consent.get().personalisation);
  const queryClient = useQueryClient();
  const key = ['profile', session.address, agreed];
  const profile = useQuery({ queryKey: key, queryFn: () => privacyClient.profile(session.token) });
  return (
    <>
      <section aria-labelledby="preferences-title">
        <h2 id="preferences-title">Your preferences</h2>
        {!agreed ? (
          <p>Turn on “Personalisation” above to keep your language, VR comfort, interests and contact choices with your profile.</p>
        ) : profile.data ? (
          <PreferencesForm
            initial={profile.data.preferences}
            save={async (preferences) => {
              const saved = await privacyClient.savePreferences(session.token, preferences);
              profilePreferences.apply(saved.preferences);
              queryClient.setQueryData(key, saved);
            }}
          />
        ) : (
          <p>{profile.error ? profile.error.message : 'Reading your profile…'}</p>
        )}
      </section>
      <Family session={session} world={world} profile={profile.data} refetch={() => profile.refetch()} />
    </>
  );
}

function PreferencesForm({ initial, save }: { initial: Preferences; save: (preferences: Preferences) => Promise<void> }) {
  // What the form shows is what is saved: comfort's defaults (client/src/world/xr/comfort-settings.ts) included.
  const [draft, setDraft] = useState<Preferences>({ ...initial, comfort: { locomotion: 'teleport', turning: 'snap', vignette: true, seated: false, ...initial.comfort } });
  const mutation = useMutation({ mutationFn: () => save(draft) });
  const comfort = draft.comfort ?? {};
  const interests = draft.interests ?? {};
  const channels = draft.contact?.channels ?? [];
  const toggle = <T,>(list: readonly T[] | undefined, item: T, on: boolean): T[] => (on ? [...(list ?? []).filter((x) => x !== item), item] : (list ?? []).filter((x) => x !== item));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate();
      }}
    >
      <fieldset>
        <legend>Language</legend>
        <select aria-label="Language" value={draft.language ?? ''} onChange={(event) => setDraft({ ...draft, language: (event.target.value || undefined) as Preferences['language'] })}>
          <option value="">The browser's</option>
          {LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </select>
      </fieldset>
      <fieldset>
        <legend>VR comfort</legend>
        <label>
          Moving{' '}
          <select aria-label="Moving" value={comfort.locomotion ?? 'teleport'} onChange={(event) => setDraft({ ...draft, comfort: { ...comfort, locomotion: event.target.value as 'teleport' | 'smooth' } })}>
            <option value="teleport">Teleport</option>
            <option value="smooth">Smooth walk</option>
          </select>
        </label>
        <label>
          Turning{' '}
          <select aria-label="Turning" value={comfort.turning ?? 'snap'} onChange={(event) => setDraft({ ...draft, comfort: { ...comfort, turning: event.target.value as 'snap' } })}>
            <option value="snap">Snap turns</option>
          </select>
        </label>
        <label>
          <input type="checkbox" name="vignette" checked={comfort.vignette ?? true} onChange={(event) => setDraft({ ...draft, comfort: { ...comfort, vignette: event.target.checked } })} /> Comfort vignette
        </label>
        <label>
          <input type="checkbox" name="seated" checked={comfort.seated ?? false} onChange={(event) => setDraft({ ...draft, comfort: { ...comfort, seated: event.target.checked } })} /> Seated
        </label>
      </fieldset>
      <fieldset>
        <legend>Interests</legend>
        {INTEREST_ERAS.map((era) => (
          <label key={era}>
            <input type="checkbox" name={`era-${era}`} checked={interests.eras?.includes(era) ?? false} onChange={(event) => setDraft({ ...draft, interests: { ...interests, eras: toggle(interests.eras, era, event.target.checked) } })} /> {era}
          </label>
        ))}
        {CAR_LINE_UP.map((car) => (
          <label key={car.id}>
            <input type="checkbox" name={`model-${car.id}`} checked={interests.models?.includes(car.id) ?? false} onChange={(event) => setDraft({ ...draft, interests: { ...interests, models: toggle(interests.models, car.id, event.target.checked) } })} /> {car.name}
          </label>
        ))}
        <label>
          <input type="checkbox" name="racing" checked={interests.racing ?? false} onChange={(event) => setDraft({ ...draft, interests: { ...interests, racing: event.target.checked } })} /> Racing
        </label>
        <label>
          <input type="checkbox" name="design" checked={interests.design ?? false} onChange={(event) => setDraft({ ...draft, interests: { ...interests, design: event.target.checked } })} /> Design
        </label>
      </fieldset>
      <fieldset>
        <legend>How you like to be contacted</legend>
        {CONTACT_CHANNELS.map((channel) => (
          <label key={channel}>
            <input type="checkbox" name={`contact-${channel}`} checked={channels.includes(channel)} onChange={(event) => setDraft({ ...draft, contact: { ...draft.contact, channels: toggle(channels, channel, event.target.checked) } })} /> {channel}
          </label>
        ))}
        <label>
          Reach me at{' '}
          <input type="text" aria-label="Reach me at" maxLength={200} value={draft.contact?.reach ?? ''} onChange={(event) => setDraft({ ...draft, contact: { ...draft.contact, reach: event.target.value || undefined } })} />
        </label>
      </fieldset>
      <button type="submit" className="primary" disabled={mutation.isPending}>
        Save preferences
      </button>
      {mutation.isSuccess && <span role="status"> Saved; applied wherever you sign in.</span>}
      {mutation.error && <p role="alert">{mutation.error.message}</p>}
    </form>
  );
}

function Family({ session, world, profile, refetch }: { session: SignedInSession; world: WorldInfo; profile?: ProfileView; refetch: () => Promise<unknown> }) {
  const [member, setMember] = useState('');
  const [waitingFor, setWaitingFor] = useState<FamilyChange>();
  const family = profile?.family;
  const mutation = useMutation({
    mutationFn: async (change: FamilyChange) => {
      await changeFamily(session, world, family!.contract as Address, change);
      setWaitingFor(change);
    },
    onSuccess: () => setMember(''),
  });
  // The list follows the chain's index: read again until it shows the change.
  useEffect(() => {
    if (!waitingFor || !family) return;
    const shown = 'add' in waitingFor ? family.members.some((m) => m.holder.toLowerCase() === waitingFor.add.toLowerCase()) : !family.members.some((m) => m.profileId === waitingFor.remove);
    if (shown) return setWaitingFor(undefined);
    const timer = setTimeout(() => void refetch(), 500);
    return () => clearTimeout(timer);
  }, [waitingFor, family, refetch]);
  if (!family) return null;
  return (
    <section aria-labelledby="family-title">
      <h2 id="family-title">Family</h2>
      <p>Family members get an owner profile of their own, linked to yours on chain: it opens the owners' areas to them.</p>
      {family.members.length === 0 ? <p>No family members yet.</p> : (
        <ul data-testid="family">
          {family.members.map((m) => (
            <li key={m.profileId}>
              Profile {m.profileId}: <code>{m.holder}</code>{' '}
              {family.primary && (
                <button type="button" disabled={mutation.isPending} onClick={() => mutation.mutate({ remove: m.profileId })}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {family.primary && (
        <div className="row">
          <input type="text" aria-label="Family member's address" placeholder="0x…" value={member} onChange={(event) => setMember(event.target.value.trim())} />
          <button type="button" disabled={!isAddress(member) || mutation.isPending} onClick={() => mutation.mutate({ add: member as Address })}>
            Add a family member
          </button>
        </div>
      )}
      {(mutation.isPending || waitingFor) && <p role="status">Waiting for the chain…</p>}
      {mutation.error && <p role="alert">{mutation.error.message}</p>}
    </section>
  );
}
