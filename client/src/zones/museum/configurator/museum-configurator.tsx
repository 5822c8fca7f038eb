import { useMutation, useQuery } from '@tanstack/react-query';
import { use, useEffect, useId, useState, useSyncExternalStore, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { BuildView } from '../../../../../protocol/src/builds-api';
import { formatList } from '../../../i18n/format';
import { t as translate } from '../../../i18n/i18n';
import { reasonMessage } from '../../../i18n/server-error';
import { ApiError } from '../../../net/api';
import { ConfiguratorPanel } from '../../../ui/configurator-panel';
import { PanelStatus } from '../../../ui/panel-status';
import { QrCode } from '../../../ui/qr-code';
import { listCars, loadManifest } from '../../../world/shared/manifest';
import { buildQueries, eraseLead, saveBuild, sendLead, type SentLead } from './build-client';
import { analytics } from '../../../analytics/analytics';
import { buildFromLink } from './build-link';
import { museumConfigurator } from './museum-configurator-store';
import '../../../ui/owner-panel.css';
import './museum-configurator.css';

/** Props of {@link MuseumConfigurator}. */
export interface MuseumConfiguratorProps {
  /** The signed-in visitor's session token, if any: their request to a dealer is then theirs to erase from the privacy page too. */
  token?: string;
}

/**
 * What a refusal says to a person: the page's words for a reason it knows, else the server's
 * sentence and exactly what was wrong when it says (English: the form's details are the server's).
 */
function problemText(error: unknown): string {
  if (error instanceof ApiError) return reasonMessage(error.reason) ?? [error.shortMessage, error.details].filter(Boolean).join(' — ');
  return error instanceof Error ? error.message : String(error);
}

/**
 * The museum's configurator for everyone: the current model (the newest car of the line-up) in
 * the catalogue's paints, wheels, calipers, interiors and trims, shown on the car in the hall as
 * it is chosen; saved under a short id with its link and QR code; sent to a dealer with a way to
 * be contacted and an explicit consent. No wallet, no sign-in, and never a price. A share link
 * (`?build=`) opens it with that build on the car.
 */
export function MuseumConfigurator({ token }: MuseumConfiguratorProps) {
  const { t } = useTranslation();
  const manifest = use(loadManifest());
  const state = useSyncExternalStore(museumConfigurator.subscribe, museumConfigurator.get);
  const car = listCars(manifest).filter((entry) => entry.variants).at(-1);
  const id = useId();

  useEffect(() => {
    if (car) museumConfigurator.setCar(car.id);
  }, [car]);

  // A share link: its build goes on the car once (the link stays in the address bar for reloading).
  const [link] = useState(buildFromLink);
  const linked = useQuery({ ...buildQueries.build(link && 'id' in link ? link.id : ''), enabled: link !== undefined && 'id' in link });
  useEffect(() => {
    // Once a page: coming back to the museum keeps the choices made since.
    if (!link || museumConfigurator.get().linkDone) return;
    if ('malformed' in link) return museumConfigurator.linkFailed(translate('museumConfigurator.notABuildId', { id: link.malformed }));
    if (linked.data) museumConfigurator.opened(linked.data);
    else if (linked.error) museumConfigurator.linkFailed(translate('museumConfigurator.linkFailed', { problem: problemText(linked.error) }));
    else museumConfigurator.opening(link.id);
  }, [link, linked.data, linked.error]);

  const save = useMutation({
    mutationFn: () => saveBuild({ model: car!.id, configuration: state.configuration }),
    onSuccess: (build) => {
      museumConfigurator.saved(build);
      analytics.track({ kind: 'build-saved', zone: 'museum', subject: build.model });
    },
  });

  if (!car) return null;
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="hung-panel owner-panel museum-configurator"
      data-testid="museum-configurator"
      data-open={state.open}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <header className="hung-panel-header">
        <div>
          <h2 id={`${id}-title`}>
            <span className="hung-panel-kicker">{t('museumConfigurator.kicker')}</span> {car.name}
          </h2>
          <p className="hung-panel-note owner-panel-subtitle">{t('museumConfigurator.subtitle')}</p>
        </div>
        <button type="button" aria-expanded={state.open} aria-controls={`${id}-body`} onClick={() => museumConfigurator.setOpen(!state.open)}>
          {state.open ? t('common.hide') : t('museumConfigurator.configure')}
        </button>
      </header>
      <div id={`${id}-body`} className="owner-panel-body" hidden={!state.open}>
        <PanelStatus text={state.opening ? t('museumConfigurator.opening') : undefined} problem={state.linkProblem} />
        <ConfiguratorPanel embedded car={car} catalogue={manifest.catalogue} configuration={state.configuration} onChange={(configuration) => museumConfigurator.choose(configuration)} />
        {state.saved ? (
          <SavedBuild build={state.saved} token={token} />
        ) : (
          <div className="build-actions">
            <button type="button" className="primary" disabled={save.isPending} onClick={() => save.mutate()}>
              {save.isPending ? t('museumConfigurator.saving') : t('museumConfigurator.save')}
            </button>
            {save.error && (
              <p className="owner-problem" role="alert">
                {t('museumConfigurator.notSaved', { problem: problemText(save.error) })}
              </p>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

/** A saved build: its link and QR code, and the way to send it to a dealer. */
function SavedBuild({ build, token }: { build: BuildView; token?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(build.url).catch(() => {});
    analytics.track({ kind: 'build-shared', zone: 'museum', subject: build.model });
    setCopied(true);
  };
  return (
    <div className="saved-build" data-build={build.id}>
      <p className="owner-status" role="status">
        <Trans i18nKey="museumConfigurator.savedAs" values={{ id: build.id }} components={{ strong: <strong /> }} />
      </p>
      <div className="saved-build-share">
        <QrCode className="owner-qr" value={build.url} label={t('museumConfigurator.qr', { model: build.modelName })} size={120} />
        <div className="showcase-links">
          <input className="build-link" readOnly value={build.url} aria-label={t('museumConfigurator.link')} onFocus={(event) => event.currentTarget.select()} />
          <button type="button" onClick={() => void copy()}>
            {copied ? t('museumConfigurator.copied') : t('museumConfigurator.copy')}
          </button>
        </div>
      </div>
      <LeadForm build={build} token={token} />
    </div>
  );
}

/** Sends the build to a dealer of the registry: a name, an e-mail address or phone, a message, and the consent box. */
function LeadForm({ build, token }: { build: BuildView; token?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [unfolded, setUnfolded] = useState(false);
  const dealers = useQuery({ ...buildQueries.dealers(), enabled: unfolded });
  const [dealer, setDealer] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState('');
  const [consent, setConsent] = useState(false);
  const [check, setCheck] = useState<string>();
  const [sent, setSent] = useState<SentLead & { dealerName: string }>();

  const send = useMutation({
    mutationFn: () =>
      sendLead(
        {
          buildId: build.id,
          dealer,
          name: name.trim(),
          contact: { ...(email.trim() ? { email: email.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) },
          ...(message.trim() ? { message: message.trim() } : {}),
          consent: true,
        },
        token,
      ),
    onSuccess: (lead) => {
      analytics.track({ kind: 'dealer-request', zone: 'museum' });
      setSent({ ...lead, dealerName: dealers.data?.find((d) => d.id === dealer)?.name ?? t('museumConfigurator.theDealer') });
    },
  });
  const withdraw = useMutation({ mutationFn: () => eraseLead(sent!) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The server checks all of this again; saying it here spares a round trip.
    const missing = [
      !dealer && t('museumConfigurator.missing.dealer'),
      !name.trim() && t('museumConfigurator.missing.name'),
      !email.trim() && !phone.trim() && t('museumConfigurator.missing.contact'),
      !consent && t('museumConfigurator.missing.consent'),
    ].filter((item): item is string => typeof item === 'string');
    setCheck(missing.length ? t('museumConfigurator.missing.check', { missing: formatList(missing) }) : undefined);
    if (missing.length === 0) send.mutate();
  };

  if (sent) {
    return (
      <div className="lead-sent" data-testid="lead-sent">
        {withdraw.isSuccess ? (
          <p className="owner-status" role="status">{t('museumConfigurator.withdrawn')}</p>
        ) : (
          <>
            <p className="owner-status" role="status">
              {t('museumConfigurator.sent', { dealer: sent.dealerName })}
            </p>
            <button type="button" disabled={withdraw.isPending} onClick={() => withdraw.mutate()}>
              {t('museumConfigurator.withdraw')}
            </button>
            {withdraw.error && <p className="owner-problem" role="alert">{problemText(withdraw.error)}</p>}
          </>
        )}
      </div>
    );
  }
  if (!unfolded) {
    return (
      <button type="button" className="lead-open" onClick={() => setUnfolded(true)}>
        {t('museumConfigurator.sendOpen')}
      </button>
    );
  }
  return (
    <form className="lead-form" aria-label={t('museumConfigurator.sendForm')} onSubmit={submit} noValidate>
      <label htmlFor={`${id}-dealer`}>{t('museumConfigurator.dealer')}</label>
      <select id={`${id}-dealer`} value={dealer} onChange={(event) => setDealer(event.target.value)} disabled={!dealers.data}>
        <option value="">{dealers.isPending ? t('museumConfigurator.dealersLoading') : dealers.data?.length === 0 ? t('museumConfigurator.noDealers') : t('museumConfigurator.chooseDealer')}</option>
        {dealers.data?.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} · {d.city}
          </option>
        ))}
      </select>
      {dealers.error && <p className="owner-problem" role="alert">{t('museumConfigurator.dealersFailed', { problem: problemText(dealers.error) })}</p>}
      <label htmlFor={`${id}-name`}>{t('museumConfigurator.name')}</label>
      <input id={`${id}-name`} autoComplete="name" maxLength={80} value={name} onChange={(event) => setName(event.target.value)} />
      <label htmlFor={`${id}-email`}>{t('museumConfigurator.email')}</label>
      <input id={`${id}-email`} type="email" autoComplete="email" maxLength={254} value={email} onChange={(event) => setEmail(event.target.value)} />
      <label htmlFor={`${id}-phone`}>{t('museumConfigurator.phone')}</label>
      <input id={`${id}-phone`} type="tel" autoComplete="tel" maxLength={24} value={phone} onChange={(event) => setPhone(event.target.value)} />
      <label htmlFor={`${id}-message`}>{t('museumConfigurator.message')}</label>
      <textarea id={`${id}-message`} rows={2} maxLength={1000} value={message} onChange={(event) => setMessage(event.target.value)} />
      <label className="lead-consent">
        <input type="checkbox" checked={consent} onChange={(event) => setConsent(event.target.checked)} />
        {/* LEAD_CONSENT_TEXT (protocol/src/builds-api.ts) in the page's language; the request keeps the English wording. */}
        <span>{t('museumConfigurator.consent')}</span>
      </label>
      <button type="submit" className="primary" disabled={send.isPending}>
        {send.isPending ? t('museumConfigurator.sending') : t('museumConfigurator.send')}
      </button>
      {(check || send.error) && (
        <p className="owner-problem" role="alert">
          {check ?? t('museumConfigurator.notSent', { problem: problemText(send.error) })}
        </p>
      )}
    </form>
  );
}
