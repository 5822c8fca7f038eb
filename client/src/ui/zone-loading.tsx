import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format';
import { zoneLoading } from '../world/zone/zone-loading';
import './zone-loading.css';

/** Props of {@link ZoneLoading}. */
export interface ZoneLoadingProps {
  /** Display names of the zones, by id. */
  labels: Readonly<Partial<Record<string, string>>>;
}

const megabytes = (bytes: number) => formatNumber(bytes / 1_000_000, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * Over the canvas while a zone loads: its name, a progress bar of the bytes received against
 * the manifest's sizes, then "preparing" while its textures and shaders are readied; gone once
 * the zone is shown. When the zone fails, what failed and a "Try again" button.
 */
export function ZoneLoading({ labels }: ZoneLoadingProps) {
  const { t } = useTranslation();
  const status = useSyncExternalStore(zoneLoading.subscribe, () => zoneLoading.status);
  if (!status || status.phase === 'ready') return null;
  const name = labels[status.zone] ?? status.zone;
  if (status.phase === 'failed') {
    return (
      <div className="zone-loading zone-loading-failed" role="alert">
        <p className="zone-loading-name">{name}</p>
        <p className="zone-loading-title">{t('loading.failed')}</p>
        <p className="zone-loading-detail">{status.failure}</p>
        <button type="button" className="primary" onClick={() => zoneLoading.retry()}>
          {t('loading.retry')}
        </button>
      </div>
    );
  }
  const warming = status.phase === 'warming';
  const percent = warming ? 100 : status.total > 0 ? Math.floor((status.received / status.total) * 100) : 0;
  const detail = warming
    ? t('loading.warming')
    : status.total > 0
      ? t('loading.progress', { received: megabytes(status.received), total: megabytes(status.total) })
      : t('loading.finding');
  return (
    <div className="zone-loading" data-testid="zone-loading">
      <p className="zone-loading-name">{name}</p>
      <div
        className="zone-loading-bar"
        role="progressbar"
        aria-label={t('loading.label', { zone: name })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t('loading.valueText', { percent: formatNumber(percent / 100, { style: 'percent' }), detail })}
      >
        <div className="zone-loading-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="zone-loading-detail">
        <span>{detail}</span>
        <span>{formatNumber(percent / 100, { style: 'percent' })}</span>
      </p>
    </div>
  );
}
