import { useSyncExternalStore } from 'react';
import { zoneLoading } from '../world/zone/zone-loading';
import './zone-loading.css';

/** Props of {@link ZoneLoading}. */
export interface ZoneLoadingProps {
  /** Display names of the zones, by id. */
  labels: Readonly<Partial<Record<string, string>>>;
}

const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(1);

/**
 * Over the canvas while a zone loads: its name, a progress bar of the bytes received against
 * the manifest's sizes, then "preparing" while its textures and shaders are readied; gone once
 * the zone is shown. When the zone fails, what failed and a "Try again" button.
 */
export function ZoneLoading({ labels }: ZoneLoadingProps) {
  const status = useSyncExternalStore(zoneLoading.subscribe, () => zoneLoading.status);
  if (!status || status.phase === 'ready') return null;
  const name = labels[status.zone] ?? status.zone;
  if (status.phase === 'failed') {
    return (
      <div className="zone-loading zone-loading-failed" role="alert">
        <p className="zone-loading-name">{name}</p>
        <p className="zone-loading-title">This zone could not be loaded.</p>
        <p className="zone-loading-detail">{status.failure}</p>
        <button type="button" className="primary" onClick={() => zoneLoading.retry()}>
          Try again
        </button>
      </div>
    );
  }
  const warming = status.phase === 'warming';
  const percent = warming ? 100 : status.total > 0 ? Math.floor((status.received / status.total) * 100) : 0;
  const detail = warming ? 'Preparing textures and shaders…' : status.total > 0 ? `${megabytes(status.received)} of ${megabytes(status.total)} MB` : 'Finding its files…';
  return (
    <div className="zone-loading" data-testid="zone-loading">
      <p className="zone-loading-name">{name}</p>
      <div
        className="zone-loading-bar"
        role="progressbar"
        aria-label={`Loading ${name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%: ${detail}`}
      >
        <div className="zone-loading-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="zone-loading-detail">
        <span>{detail}</span>
        <span>{percent}%</span>
      </p>
    </div>
  );
}
