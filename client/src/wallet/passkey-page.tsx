import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Hex } from 'viem';
import type { WorldInfo } from '../../../protocol/src/world-api';
import { fetchAddOns, fetchMyTwins } from '../owner/twin-client';
import { QrCode } from '../ui/qr-code';
import {
  acceptOwnerInvitation,
  applyAddOnSponsored,
  checkOwnerInvitation,
  confirmPairedDevices,
  fetchDevices,
  pairingLink,
  registerThisDevice,
  signInWithPasskey,
} from './passkey-account';
import { forgetSession, storedSession, type SignedInSession } from './session-store';
import './passkey-page.css';

/** Props of {@link PasskeyPage}. */
export interface PasskeyPageProps {
  world: WorldInfo;
  /** An owner invitation's code (`?owner-invitation=`). */
  invitation?: string;
  /** A pairing link's challenge (`?add-device=`), opened on the new device. */
  pairing?: string;
}

/**
 * Owners without a wallet: accept an invitation with a new passkey, sign in with one, see the
 * garage's twins and apply add-ons the marque pays for, pair another device. No address, no token
 * jargon, no ETH. The flows are passkey-account.ts; this binds them to buttons.
 */
export function PasskeyPage({ world, invitation, pairing }: PasskeyPageProps) {
  const [session, setSession] = useState<SignedInSession | undefined>(() => storedSession());
  const [paired, setPaired] = useState(false);
  const invitationState = useQuery({ queryKey: ['owner-invitation', invitation], queryFn: () => checkOwnerInvitation(invitation!), enabled: !!invitation && !session, retry: false });
  const accept = useMutation({ mutationFn: () => acceptOwnerInvitation(invitation!), onSuccess: setSession });
  const signIn = useMutation({ mutationFn: signInWithPasskey, onSuccess: setSession });
  const pair = useMutation({ mutationFn: () => registerThisDevice(pairing!), onSuccess: () => setPaired(true) });
  const problem = [accept.error, signIn.error, pair.error].find(Boolean);

  let body;
  if (session) {
    body = <Garage world={world} session={session} onSignOut={() => (forgetSession(), setSession(undefined))} />;
  } else if (pairing && !paired) {
    body = (
      <section aria-label="Add this device">
        <h1>Add this device</h1>
        <p>Create a passkey on this device. Your other device then confirms it.</p>
        <button type="button" className="primary" onClick={() => pair.mutate()} disabled={pair.isPending}>
          {pair.isPending ? 'Creating…' : 'Create a passkey on this device'}
        </button>
      </section>
    );
  } else if (invitation && !accept.isSuccess) {
    body = (
      <section aria-label="Your invitation">
        <h1>Your car is waiting</h1>
        {invitationState.isError ? (
          <p role="alert">{(invitationState.error as Error).message}</p>
        ) : (
          <>
            <p>Create a passkey with your face, fingerprint or device PIN: it opens your garage, with nothing to install and nothing to pay.</p>
            <button type="button" className="primary" onClick={() => accept.mutate()} disabled={!invitationState.isSuccess || accept.isPending}>
              {accept.isPending ? 'Opening your garage…' : 'Create my passkey'}
            </button>
          </>
        )}
      </section>
    );
  } else {
    body = (
      <section aria-label="Sign in">
        <h1>{paired ? 'Almost there' : 'Welcome back'}</h1>
        {paired && <p>Confirm this device on your other device, then sign in here.</p>}
        <button type="button" className="primary" onClick={() => signIn.mutate()} disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in with a passkey'}
        </button>
      </section>
    );
  }
  return (
    <main className="passkey-page">
      <a className="wordmark" href="/">
        Marque
      </a>
      {body}
      {problem && <p role="alert">{(problem as Error).message}</p>}
    </main>
  );
}

/** The garage of a passkey owner: twins, add-ons (sponsored), devices. */
function Garage({ world, session, onSignOut }: { world: WorldInfo; session: SignedInSession; onSignOut: () => void }) {
  const queryClient = useQueryClient();
  const twins = useQuery({ queryKey: ['passkey-twins', session.token], queryFn: ({ signal }) => fetchMyTwins(session.token, signal) });
  const addOns = useQuery({ queryKey: ['addons'], queryFn: ({ signal }) => fetchAddOns(signal) });
  const link = useMutation({ mutationFn: () => pairingLink(session) });
  // While a pairing link is out, look every two seconds for the device that opened it.
  const devices = useQuery({ queryKey: ['passkey-devices', session.token], queryFn: ({ signal }) => fetchDevices(session.token, signal), refetchInterval: link.data ? 2_000 : false });
  const apply = useMutation({
    mutationFn: ({ tokenId, addOn }: { tokenId: string; addOn: Hex }) => applyAddOnSponsored(session, world.twinAddress, tokenId, addOn),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['passkey-twins'] }),
  });
  const confirm = useMutation({ mutationFn: () => confirmPairedDevices(session), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['passkey-devices'] }) });
  const pending = devices.data?.filter((d) => !d.active).length ?? 0;
  const problem = [twins.error, apply.error, link.error, confirm.error].find(Boolean);
  return (
    <section aria-label="Your garage">
      <h1>Your garage</h1>
      {twins.data?.length === 0 && <p>No car yet: your twin appears here once your order is confirmed.</p>}
      {twins.data?.map((twin) => {
        const fitting = addOns.data?.filter((a) => a.models.includes(twin.model) && !twin.addOns.includes(a.id)) ?? [];
        const applied = addOns.data?.filter((a) => twin.addOns.includes(a.id)) ?? [];
        return (
          <article key={twin.tokenId} aria-label={`${twin.modelName} #${twin.tokenId}`}>
            <h2>
              {twin.modelName} #{twin.tokenId}
            </h2>
            <p data-testid="twin-stage">Stage: {twin.stage}</p>
            {applied.length > 0 && <p data-testid="twin-addons">Add-ons: {applied.map((a) => a.name).join(', ')}</p>}
            <ul className="passkey-addons">
              {fitting.map((a) => (
                <li key={a.id}>
                  <button type="button" onClick={() => apply.mutate({ tokenId: twin.tokenId, addOn: a.id as Hex })} disabled={apply.isPending}>
                    Apply {a.name}
                  </button>
                </li>
              ))}
            </ul>
          </article>
        );
      })}
      <p>
        <a href="/?zone=garage">Enter the 3D garage</a>
      </p>
      <h2>Your devices</h2>
      <p data-testid="device-count">
        {deviceLine(devices.data?.filter((d) => d.active).length, pending)}
      </p>
      {pending > 0 && (
        <button type="button" onClick={() => confirm.mutate()} disabled={confirm.isPending}>
          {confirm.isPending ? 'Confirming…' : 'Confirm the new device'}
        </button>
      )}
      <button type="button" onClick={() => link.mutate()} disabled={link.isPending}>
        Add another device
      </button>
      {link.data && (
        <div className="passkey-pairing">
          <p>Open this link on the other device within five minutes:</p>
          <QrCode value={link.data.url} label="Pairing link" size={140} />
          <a href={link.data.url} data-testid="pairing-link">
            {link.data.url}
          </a>
        </div>
      )}
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
      {problem && <p role="alert">{(problem as Error).message}</p>}
    </section>
  );
}

/** "2 devices open this garage, 1 waiting for your confirmation." */
function deviceLine(active: number | undefined, pending: number): string {
  if (active === undefined) return 'Looking for your devices…';
  const opened = `${active} ${active === 1 ? 'device opens' : 'devices open'} this garage`;
  return `${opened}${pending ? `, ${pending} waiting for your confirmation` : ''}.`;
}
