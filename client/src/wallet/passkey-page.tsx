import { useTranslation } from 'react-i18next';
import { t as translate } from '../i18n/i18n';
import { errorMessage } from '../i18n/server-error';
import { stageLabel } from '../owner/owner-journey';
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
  const { t } = useTranslation();
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
      <section aria-label={t('passkey.addDevice')}>
        <h1>{t('passkey.addDevice')}</h1>
        <p>{t('passkey.addDeviceText')}</p>
        <button type="button" className="primary" onClick={() => pair.mutate()} disabled={pair.isPending}>
          {pair.isPending ? t('passkey.creating') : t('passkey.createHere')}
        </button>
      </section>
    );
  } else if (invitation && !accept.isSuccess) {
    body = (
      <section aria-label={t('passkey.invitation')}>
        <h1>{t('passkey.waiting')}</h1>
        {invitationState.isError ? (
          <p role="alert">{errorMessage(invitationState.error)}</p>
        ) : (
          <>
            <p>{t('passkey.invitationText')}</p>
            <button type="button" className="primary" onClick={() => accept.mutate()} disabled={!invitationState.isSuccess || accept.isPending}>
              {accept.isPending ? t('passkey.opening') : t('passkey.create')}
            </button>
          </>
        )}
      </section>
    );
  } else {
    body = (
      <section aria-label={t('app.signIn')}>
        <h1>{paired ? t('passkey.almost') : t('passkey.welcomeBack')}</h1>
        {paired && <p>{t('passkey.confirmElsewhere')}</p>}
        <button type="button" className="primary" onClick={() => signIn.mutate()} disabled={signIn.isPending}>
          {signIn.isPending ? t('wallet.signingIn') : t('passkey.signIn')}
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
      {problem && <p role="alert">{errorMessage(problem)}</p>}
    </main>
  );
}

/** The garage of a passkey owner: twins, add-ons (sponsored), devices. */
function Garage({ world, session, onSignOut }: { world: WorldInfo; session: SignedInSession; onSignOut: () => void }) {
  const { t, i18n } = useTranslation();
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
    <section aria-label={t('garage.kicker')}>
      <h1>{t('garage.kicker')}</h1>
      {twins.data?.length === 0 && <p>{t('passkey.noCar')}</p>}
      {twins.data?.map((twin) => {
        const fitting = addOns.data?.filter((a) => a.models.includes(twin.model) && !twin.addOns.includes(a.id)) ?? [];
        const applied = addOns.data?.filter((a) => twin.addOns.includes(a.id)) ?? [];
        return (
          <article key={twin.tokenId} aria-label={`${twin.modelName} #${twin.tokenId}`}>
            <h2>
              {twin.modelName} #{twin.tokenId}
            </h2>
            <p data-testid="twin-stage">{t('passkey.stage', { stage: stageLabel(twin.stage) })}</p>
            {applied.length > 0 && <p data-testid="twin-addons">{t('passkey.addOns', { addOns: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(applied.map((a) => a.name)) })}</p>}
            <ul className="passkey-addons">
              {fitting.map((a) => (
                <li key={a.id}>
                  <button type="button" onClick={() => apply.mutate({ tokenId: twin.tokenId, addOn: a.id as Hex })} disabled={apply.isPending}>
                    {t('garage.applyName', { addOn: a.name })}
                  </button>
                </li>
              ))}
            </ul>
          </article>
        );
      })}
      <p>
        <a href="/?zone=garage">{t('passkey.enter3d')}</a>
      </p>
      <h2>{t('passkey.devices')}</h2>
      <p data-testid="device-count">
        {deviceLine(devices.data?.filter((d) => d.active).length, pending)}
      </p>
      {pending > 0 && (
        <button type="button" onClick={() => confirm.mutate()} disabled={confirm.isPending}>
          {confirm.isPending ? t('passkey.confirming') : t('passkey.confirmDevice')}
        </button>
      )}
      <button type="button" onClick={() => link.mutate()} disabled={link.isPending}>
        {t('passkey.addAnother')}
      </button>
      {link.data && (
        <div className="passkey-pairing">
          <p>{t('passkey.openLink')}</p>
          <QrCode value={link.data.url} label={t('passkey.pairingLink')} size={140} />
          <a href={link.data.url} data-testid="pairing-link">
            {link.data.url}
          </a>
        </div>
      )}
      <button type="button" onClick={onSignOut}>
        {t('wallet.signOut')}
      </button>
      {problem && <p role="alert">{errorMessage(problem)}</p>}
    </section>
  );
}

/** "2 devices open this garage, 1 waiting for your confirmation." in the page's language. */
function deviceLine(active: number | undefined, pending: number): string {
  if (active === undefined) return translate('passkey.lookingDevices');
  const opened = translate('passkey.devicesOpen', { count: active });
  return pending ? translate('passkey.devicesWaiting', { opened, count: pending }) : translate('passkey.devicesLine', { opened });
}
