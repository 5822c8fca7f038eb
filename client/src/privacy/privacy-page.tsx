import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/server-error';
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
  const { t, i18n } = useTranslation();
  const { session, problem, setProblem, wallet } = usePageSession();
  useEffect(() => {
    document.title = t('privacy.page.documentTitle');
  }, [t, i18n.language]);
  useEffect(() => {
    if (session) consent.signIn({ token: session.token, address: session.address }).catch((error: unknown) => setProblem(errorMessage(error)));
    else consent.signOut();
    // Once per person: the token changes at each refresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session?.address]);
  const sources = useQuery({ queryKey: ['privacy', 'sources'], queryFn: privacyClient.sources });

  return (
    <PageShell homeLabel={t('privacy.page.home')} actions={<WalletPanel world={world} {...wallet} />} mainClassName="privacy-page">
      <h1>{t('privacy.page.title')}</h1>
      {problem && <p role="alert">{problem}</p>}
      <section aria-labelledby="consent-title">
        <h2 id="consent-title">{t('privacy.page.consentTitle')}</h2>
        <p>
          {t('privacy.page.consentIntro')} {session ? t('privacy.page.keptWithProfile') : t('privacy.page.keptOnDevice')}
        </p>
        <ConsentChoices compact />
      </section>
      {session && <ProfileSection session={session} world={world} />}
      <section aria-labelledby="data-title">
        <h2 id="data-title">{t('privacy.page.dataTitle')}</h2>
        {session ? <YourData session={session} onErased={() => setProblem(undefined)} /> : <GuestData />}
      </section>
      <section aria-labelledby="kept-title">
        <h2 id="kept-title">{t('privacy.page.keptTitle')}</h2>
        {/* The rows are the server's registry of what it keeps (server/src/privacy), in English. */}
        <p>{t('privacy.page.keptIntro')}</p>
        {sources.error && <p role="alert">{errorMessage(sources.error)}</p>}
        <table>
          <thead>
            <tr>
              <th>{t('privacy.page.what')}</th>
              <th>{t('privacy.page.where')}</th>
              <th>{t('privacy.page.why')}</th>
              <th>{t('privacy.page.howLong')}</th>
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
        <h2 id="chain-title">{t('privacy.page.chainTitle')}</h2>
        <p>{t('privacy.page.chainText')}</p>
        {sources.data && (
          <>
            <h3>{t('privacy.page.retainedTitle')}</h3>
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
  const { t } = useTranslation();
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
      <p>{t('privacy.page.downloadIntro')}</p>
      <button type="button" className="primary" onClick={() => exportAll.mutate()} disabled={exportAll.isPending}>
        {t('privacy.page.download')}
      </button>
      {exportAll.error && <p role="alert">{errorMessage(exportAll.error)}</p>}
      <p>{t('privacy.page.eraseIntro')}</p>
      <div className="row">
        <label>
          {t('privacy.page.eraseConfirm')}{' '}
          <input type="text" value={confirm} onChange={(event) => setConfirm(event.target.value)} aria-label={t('privacy.page.eraseConfirm')} />
        </label>
        <button type="button" className="danger" disabled={confirm !== 'ERASE' || erase.isPending} onClick={() => erase.mutate()}>
          {t('privacy.page.erase')}
        </button>
      </div>
      {erase.error && <p role="alert">{errorMessage(erase.error)}</p>}
      {erase.data && (
        <p role="status" data-testid="erased">
          {t('privacy.page.erased', {
            items: t('privacy.page.items', { count: erase.data.sources.reduce((sum, s) => sum + s.erased, 0) }),
            places: t('privacy.page.places', { count: erase.data.sources.filter((s) => s.erased > 0).length }),
          })}
        </p>
      )}
    </>
  );
}

function GuestData() {
  const { t } = useTranslation();
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
      <p>{t('privacy.page.guestIntro')}</p>
      <button type="button" onClick={() => forget.mutate()} disabled={forget.isPending}>
        {t('privacy.page.forget')}
      </button>
      {forget.data && <p role="status">{t('privacy.page.forgotten', { count: forget.data.erased })}</p>}
      {forget.error && <p role="alert">{errorMessage(forget.error)}</p>}
    </>
  );
}
