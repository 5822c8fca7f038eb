import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n/server-error';
import { use, useId, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { AddOn, OwnerTwin } from '../../../../protocol/src/twin-api';
import { AddOnFlow } from '../../owner/add-on-flow';
import { addOnFits, hasAddOn, stageLabel } from '../../owner/owner-journey';
import { setShowcasePublic } from '../../owner/twin-client';
import { twinQueries } from '../../owner/twin-queries';
import type { SignedInSession } from '../../wallet/session-store';
import type { WorldInfo } from '../../wallet/world-info';
import { listCars, loadManifest, type ManifestEntry, type WorldManifest } from '../../world/shared/manifest';
import type { Configuration } from '../../world/shared/variants';
import { categoryLabel } from '../../ui/configurator-options';
import { ConfiguratorPanel } from '../../ui/configurator-panel';
import { OwnerPanel, TwinPicker } from '../../ui/owner-panel';
import { QrCode } from '../../ui/qr-code';

/** Props of {@link GaragePanel}. */
export interface GaragePanelProps {
  world: WorldInfo;
  session: SignedInSession;
  twins: readonly OwnerTwin[];
  /** The twin on the garage's spot. */
  twin: OwnerTwin;
  onSelect: (tokenId: string) => void;
  /** What the car shows now: its current configuration with the owner's preview on top. */
  shown: Configuration;
  /** Whether the car shows anything but its current configuration. */
  previewing: boolean;
  /** The configurator's choice (a preview: nothing is saved). */
  onPick: (configuration: Configuration) => void;
  /** The add-on being tried on the car, if any. */
  trying?: AddOn;
  onTry: (addOn: AddOn | undefined) => void;
  /** Back to the car as it is. */
  onReset: () => void;
  /** Loads the owner's twins again; resolves with the server's answer. */
  refreshTwins: () => Promise<OwnerTwin[]>;
}

type Tab = 'configure' | 'addons' | 'showcase';
const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'configure', label: 'garage.tabs.configure' },
  { id: 'addons', label: 'garage.tabs.addons' },
  { id: 'showcase', label: 'garage.tabs.showcase' },
];

/**
 * The owner's side of the garage: which twin stands on the spot (a picker when there are
 * several), its configurator (a preview in place), the approved add-ons to try (a preview)
 * or apply (a real transaction from the owner's wallet), and its showcase page: public or
 * private, with its link and QR code. Keyboard usable; folded at first on a phone.
 */
export function GaragePanel(props: GaragePanelProps) {
  const { t } = useTranslation();
  const { twins, twin, onSelect } = props;
  const manifest = use(loadManifest());
  const car = listCars(manifest).find((entry) => entry.id === twin.model);
  const [tab, setTab] = useState<Tab>('configure');
  const id = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  // Arrow keys move along the tabs (and choose), Home and End jump to the ends.
  const onTabKey = (event: KeyboardEvent) => {
    const index = TABS.findIndex((entry) => entry.id === tab);
    const next =
      event.key === 'ArrowRight' ? (index + 1) % TABS.length
      : event.key === 'ArrowLeft' ? (index + TABS.length - 1) % TABS.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? TABS.length - 1
      : -1;
    if (next < 0) return;
    event.preventDefault();
    setTab(TABS[next]!.id);
    tabs.current[next]?.focus();
  };

  return (
    <OwnerPanel
      className="garage-panel"
      kicker={t('garage.kicker')}
      title={`${twin.modelName} #${twin.tokenId}`}
      subtitle={t('garage.subtitle', { stage: stageLabel(twin.stage), version: twin.version })}
      // Folded at first on a phone, where it would cover most of the car.
      defaultOpen={!matchMedia('(max-width: 640px)').matches}
    >
      <TwinPicker twins={twins} selected={twin} onSelect={onSelect} />
      <div role="tablist" aria-label={t('garage.tablist')} className="owner-tabs" onKeyDown={onTabKey}>
        {TABS.map((entry, i) => (
          <button
            key={entry.id}
            ref={(element) => {
              tabs.current[i] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${entry.id}`}
            aria-selected={tab === entry.id}
            aria-controls={`${id}-panel-${entry.id}`}
            tabIndex={tab === entry.id ? 0 : -1}
            onClick={() => setTab(entry.id)}
          >
            {t(entry.label)}
          </button>
        ))}
      </div>
      {TABS.map((entry) => (
        <div key={entry.id} role="tabpanel" id={`${id}-panel-${entry.id}`} aria-labelledby={`${id}-tab-${entry.id}`} hidden={tab !== entry.id} className="owner-tabpanel">
          {tab === entry.id && entry.id === 'configure' && <ConfigureTab {...props} car={car} catalogue={manifest.catalogue} />}
          {/* Mounted throughout: an add-on being applied keeps its progress when the owner looks elsewhere. */}
          {entry.id === 'addons' && <AddOnsTab {...props} car={car} catalogue={manifest.catalogue} />}
          {tab === entry.id && entry.id === 'showcase' && <ShowcaseTab {...props} car={car} catalogue={manifest.catalogue} />}
        </div>
      ))}
    </OwnerPanel>
  );
}

type TabProps = GaragePanelProps & { car?: ManifestEntry; catalogue: WorldManifest['catalogue'] };

function ConfigureTab({ car, catalogue, shown, previewing, onPick, onReset, twin }: TabProps) {
  const { t } = useTranslation();
  if (!car) return <p className="owner-note">{t('garage.notPublished', { model: twin.modelName })}</p>;
  return (
    <>
      <ConfiguratorPanel embedded car={car} catalogue={catalogue} configuration={shown} onChange={onPick} />
      <p className="owner-note">{t('garage.preview')}</p>
      {previewing && (
        <button type="button" onClick={onReset}>
          {t('garage.backToCar')}
        </button>
      )}
    </>
  );
}

function AddOnsTab({ world, session, twin, car, catalogue, trying, onTry, onReset, refreshTwins }: TabProps) {
  const { t } = useTranslation();
  const addOnsQuery = useQuery(twinQueries.addOns());
  const addOns = addOnsQuery.data;
  const loadError = addOnsQuery.error?.message;
  const latest = useRef({ world, account: session.address, refreshTwins, onReset });
  latest.current = { world, account: session.address, refreshTwins, onReset };
  const [flow] = useState(
    () =>
      new AddOnFlow({
        send: async (tokenId, addOnId, onPhase) => {
          const { applyAddOnOnChain } = await import('../../owner/add-on-transaction');
          return applyAddOnOnChain({ world: latest.current.world, account: latest.current.account, tokenId, addOnId, onPhase });
        },
        refreshTwins: () => latest.current.refreshTwins(),
        onApplied: () => latest.current.onReset(),
      }),
  );
  const { applying, result } = useSyncExternalStore(flow.subscribe, flow.getSnapshot);
  const apply = (addOn: AddOn) => flow.apply(addOn, twin);

  if (loadError) return <p className="owner-problem">{t('garage.addOnsProblem', { problem: loadError })}</p>;
  if (!addOns) return <p className="owner-note">{t('garage.addOnsLoading')}</p>;
  if (addOns.length === 0) return <p className="owner-note">{t('garage.noAddOns')}</p>;
  return (
    <>
      {/* Above the list, where the owner sees it whichever add-on they applied. */}
      <p className="owner-status" role="status" aria-live="polite">
        {applying &&
          t(applying.step === 'wallet' ? 'garage.applyingWallet' : applying.step === 'mining' ? 'garage.applyingMining' : 'garage.applyingIndexing', { addOn: applying.addOn.name })}
        {!applying && result?.ok && result.text}
      </p>
      {!applying && result && !result.ok && (
        <p className="owner-problem" role="alert">
          {result.text}
        </p>
      )}
      <ul className="add-ons" aria-label={t('garage.tabs.addons')}>
        {addOns.map((addOn) => {
          const applied = hasAddOn(twin, addOn.id);
          const fits = car ? addOnFits(car, addOn) : false;
          const isTrying = trying?.id === addOn.id;
          const alreadyThere = Object.entries(addOn.sets).every(([category, code]) => twin.currentConfiguration[category as keyof typeof twin.currentConfiguration] === code);
          const isApplying = applying?.addOn.id === addOn.id;
          return (
            <li key={addOn.id} className="add-on" aria-labelledby={`add-on-${addOn.id}`}>
              <div className="add-on-text">
                <strong id={`add-on-${addOn.id}`}>{addOn.name}</strong>
                <span>{addOn.description}</span>
                <span className="add-on-sets">
                  {Object.entries(addOn.sets)
                    .map(([category, code]) => `${categoryLabel(category)}: ${catalogue[category as keyof typeof catalogue]?.[code!]?.name ?? code}`)
                    .join(' · ')}
                </span>
              </div>
              {applied ? (
                <span className="add-on-applied">{t('garage.applied')}</span>
              ) : !fits ? (
                <span className="owner-note">{t('garage.notOffered', { model: twin.modelName })}</span>
              ) : alreadyThere ? (
                <span className="owner-note">{t('garage.alreadyHas')}</span>
              ) : (
                <div className="add-on-actions">
                  <button type="button" aria-pressed={isTrying} aria-label={t(isTrying ? 'garage.stopTryingName' : 'garage.tryName', { addOn: addOn.name })} onClick={() => onTry(isTrying ? undefined : addOn)} disabled={applying !== undefined}>
                    {isTrying ? t('garage.stopTrying') : t('garage.try')}
                  </button>
                  <button type="button" className="primary" aria-label={t(isApplying ? 'garage.applyingName' : 'garage.applyName', { addOn: addOn.name })} onClick={() => void apply(addOn)} disabled={applying !== undefined}>
                    {isApplying ? t('garage.applying') : t('garage.apply')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function ShowcaseTab({ session, twin, refreshTwins }: TabProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const id = useId();
  const publish = useMutation({
    mutationFn: async (isPublic: boolean) => {
      await setShowcasePublic(twin.tokenId, isPublic, session.token);
      await refreshTwins();
    },
  });
  const saving = publish.isPending;
  const problem = publish.error ? t(twin.showcasePublic ? 'garage.staysPublic' : 'garage.staysPrivate', { problem: errorMessage(publish.error) }) : undefined;

  const copy = async () => {
    await navigator.clipboard?.writeText(twin.showcaseUrl).catch(() => {});
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };

  return (
    <div className="showcase-settings">
      <label className="owner-switch" htmlFor={id}>
        <input id={id} type="checkbox" role="switch" checked={twin.showcasePublic} disabled={saving} onChange={(event) => publish.mutate(event.target.checked)} />
        <span className="owner-switch-track" aria-hidden="true" />
        <span>{t('garage.publicShowcase')}</span>
      </label>
      <p className="owner-note" aria-live="polite">
        {saving ? t('garage.saving') : twin.showcasePublic ? t('garage.publicNote') : t('garage.privateNote')}
      </p>
      {problem && (
        <p className="owner-problem" role="alert">
          {problem}
        </p>
      )}
      <QrCode className="owner-qr" value={twin.showcaseUrl} label={t('garage.qr', { model: twin.modelName })} size={148} />
      <div className="showcase-links">
        <a href={twin.showcaseUrl} target="_blank" rel="noreferrer">
          {t('garage.openShowcase')}
        </a>
        <button type="button" onClick={() => void copy()}>
          {copied ? t('room.copied') : t('garage.copyLink')}
        </button>
      </div>
    </div>
  );
}
