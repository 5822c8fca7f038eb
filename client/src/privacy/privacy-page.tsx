import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { PageShell } from '../ui/page-shell';
import type { SignedInSession } from '../wallet/session-store';
import { usePageSession } from '../wallet/use-page-session';
import WalletPanel from '../wallet/wallet-panel';
import type { WorldInfo } from '../wallet/world-info';
import { deviceId } from '../net/device-id';
import { ProfileSection } from '../profile/profile-section';
import { ConsentChoices } from './consent-banner';
import { consent } from './consent-store';
import { download, privacyClient } from './privacy-client';
import './privacy.css';

/** Props of {@link PrivacyPage}. */
export interface PrivacyPageProps {
  world: WorldInfo;
}

/**
 * The privacy and profile page (`?privacy`, `?profile`), 2D: what Marque keeps, where, why and for
 * how long, and what is on chain; the consent choices (revocable here at any time); a signed-in
 * person's profile preferences and family; "see everything" (a JSON download) and "erase".
 */
export function PrivacyPage({ world }: PrivacyPageProps) {
  const { session, problem, setProblem, wallet } = usePageSession();
  useEffect(() => {
    document.title = 'Privacy and profile · Marque';
    if (session) consent.signIn({ token: session.token, address: session.address }).catch((error: unknown) => setProblem((error as Error).message));
    else consent.signOut();
    // Once per person: the token changes at each refresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session?.address]);
  const sources = useQuery({ queryKey: ['privacy', 'sources'], queryFn: privacyClient.sources });

  return (
    <PageShell homeLabel="Marque: back to the brand world" actions={<WalletPanel world={world} {...wallet} />} mainClassName="privacy-page">
      <h1>Your privacy and profile</h1>
      {problem && <p role="alert">{problem}</p>}
      <section aria-labelledby="consent-title">
        <h2 id="consent-title">What you agree to</h2>
        <p>
          Each purpose on its own; change it here at any time. {session ? 'Your choice is kept with your profile.' : 'As a guest, your choice is kept on this device only.'}
        </p>
        <ConsentChoices compact />
      </section>
      {session && <ProfileSection session={session} world={world} />}
      <section aria-labelledby="data-title">
        <h2 id="data-title">See everything, erase everything</h2>
        {session ? <YourData session={session} onErased={() => setProblem(undefined)} /> : <GuestData />}
      </section>
      <section aria-labelledby="kept-title">
        <h2 id="kept-title">What Marque keeps</h2>
        <p>Off chain, in Marque's own database, in the region where Marque runs. Nothing is sold or shared with anyone for a purpose you did not agree to.</p>
        {sources.error && <p role="alert">{sources.error.message}</p>}
        <table>
          <thead>
            <tr>
              <th>What</th>
              <th>Where</th>
              <th>Why</th>
              <th>How long</th>
            </tr>
          </thead>
          <tbody>
            {sources.data?.sources.map((source) => (
              <tr key={source.name} data-source={source.name}>
                <td>{source.what}</td>
                <td>{source.where}</td>
                <td>{source.why}</td>
                <td>{source.retention}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="chain-title">
        <h2 id="chain-title">What is on chain</h2>
        <p>
          The chain holds tokens and hashes, never personal data: your owner profile token (soulbound) and its family tokens, your car's twin and who holds it,
          event passes and badges, and the passport's service records as hashes (their details stay off chain). A chain cannot forget, which is why nothing
          personal is ever written there: an address on its own names no one, and erasing your data here removes every link between it and you.
        </p>
        {sources.data && (
          <>
            <h3>What stays after an erasure</h3>
            <ul>
              {sources.data.retained.map((item) => (
                <li key={item.table}>
                  <strong>{item.table}</strong>: {item.why}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </PageShell>
  );
}

function YourData({ session, onErased }: { session: SignedInSession; onErased: () => void }) {
  const [confirm, setConfirm] = useState('');
  const exportAll = useMutation({
    mutationFn: () => privacyClient.exportAll(session.token),
    onSuccess: (blob) => download(blob, `marque-data-${session.address.toLowerCase()}.json`),
  });
  const erase = useMutation({
    mutationFn: () => privacyClient.erase(session.token),
    onSuccess: () => {
      consent.signOut();
      onErased();
    },
  });
  return (
    <>
      <p>Download everything Marque keeps about you, as JSON, at once.</p>
      <button type="button" className="primary" onClick={() => exportAll.mutate()} disabled={exportAll.isPending}>
        Download my data
      </button>
      {exportAll.error && <p role="alert">{exportAll.error.message}</p>}
      <p>
        Erase everything Marque keeps about you, at once and everywhere it was copied. Your tokens stay yours on chain. If you sign in with a passkey, move your
        twin to a wallet first: your passkeys are forgotten too.
      </p>
      <div className="row">
        <label>
          Type ERASE to confirm{' '}
          <input type="text" value={confirm} onChange={(event) => setConfirm(event.target.value)} aria-label="Type ERASE to confirm" />
        </label>
        <button type="button" className="danger" disabled={confirm !== 'ERASE' || erase.isPending} onClick={() => erase.mutate()}>
          Erase my data
        </button>
      </div>
      {erase.error && <p role="alert">{erase.error.message}</p>}
      {erase.data && (
        <p role="status" data-testid="erased">
          Erased {erase.data.sources.reduce((sum, s) => sum + s.erased, 0)} items from {erase.data.sources.filter((s) => s.erased > 0).length} places.
        </p>
      )}
    </>
  );
}

function GuestData() {
  const forget = useMutation({
    mutationFn: async () => {
      const device = deviceId();
      const result = device ? await privacyClient.forgetDevice(device) : { erased: 0 };
      localStorage.removeItem('marque.consent');
      consent.signOut();
      return result;
    },
  });
  return (
    <>
      <p>As a guest, Marque keeps only what you agreed to on this device, under a pseudonym of this device. Sign in to download or erase a profile.</p>
      <button type="button" onClick={() => forget.mutate()} disabled={forget.isPending}>
        Forget this device
      </button>
      {forget.data && <p role="status">Forgotten ({forget.data.erased} analytics events erased).</p>}
      {forget.error && <p role="alert">{forget.error.message}</p>}
    </>
  );
}
