import { useEffect, useRef, useState } from 'react';
import type { OwnerTwin, PassportView } from '../../../server/src/protocol/twin-api';
import { formatDate, formatMileage, PASSPORT_KINDS, shortAddress } from '../owner/owner-journey';
import { fetchPassport } from '../owner/twin-client';
import { OwnerPanel, TwinPicker } from './owner-panel';

/** Props of {@link PassportPanel}. */
export interface PassportPanelProps {
  /** The signed-in owner's session token (the passport is for the owner and dealers). */
  token: string;
  twins: readonly OwnerTwin[];
  twin: OwnerTwin;
  onSelect: (tokenId: string) => void;
}

/**
 * A car's passport in the service lounge: its certified records, newest first, each with its
 * kind, mileage, date, the dealer who signed it (shortened; the whole address on hover) and the
 * details the dealer filed.
 */
export function PassportPanel({ token, twins, twin, onSelect }: PassportPanelProps) {
  const [passport, setPassport] = useState<{ tokenId: string; view?: PassportView; error?: string }>();
  // Read when the request goes out: a refreshed token does not fetch again.
  const tokenRef = useRef(token);
  tokenRef.current = token;

  useEffect(() => {
    const aborting = new AbortController();
    fetchPassport(twin.tokenId, tokenRef.current, aborting.signal).then(
      (view) => setPassport({ tokenId: twin.tokenId, view }),
      (error: unknown) => {
        if (!aborting.signal.aborted) setPassport({ tokenId: twin.tokenId, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => aborting.abort();
  }, [twin.tokenId]);

  const current = passport?.tokenId === twin.tokenId ? passport : undefined;
  const entries = current?.view ? [...current.view.entries].sort((a, b) => b.index - a.index) : [];
  return (
    <OwnerPanel className="passport-panel" kicker="Service passport" title={`${twin.modelName} #${twin.tokenId}`} subtitle="Certified by Marque dealers, on chain">
      <TwinPicker twins={twins} selected={twin} onSelect={onSelect} />
      {!current && <p className="owner-note">Loading the passport…</p>}
      {current?.error && <p className="owner-problem">The passport could not be loaded: {current.error}</p>}
      {current?.view && entries.length === 0 && <p className="owner-note">No service records yet: the first comes with your car's first visit to a dealer.</p>}
      {entries.length > 0 && (
        <ol className="passport" aria-label="Passport records">
          {entries.map((entry) => (
            <li key={entry.index} className="passport-entry">
              <div className="passport-entry-head">
                <strong>{PASSPORT_KINDS[entry.kind] ?? entry.kind}</strong>
                <time dateTime={entry.at}>{formatDate(entry.at)}</time>
              </div>
              <dl>
                <dt>Mileage</dt>
                <dd>{formatMileage(entry.mileage)}</dd>
                <dt>Dealer</dt>
                <dd title={entry.dealer}>{shortAddress(entry.dealer)}</dd>
                {entry.details?.workshop && (
                  <>
                    <dt>Workshop</dt>
                    <dd>{entry.details.workshop}</dd>
                  </>
                )}
                {entry.details?.parts && entry.details.parts.length > 0 && (
                  <>
                    <dt>Parts</dt>
                    <dd>{entry.details.parts.join(', ')}</dd>
                  </>
                )}
              </dl>
              {entry.details ? <p className="passport-summary">{entry.details.summary}</p> : <p className="owner-note">No details filed.</p>}
            </li>
          ))}
        </ol>
      )}
    </OwnerPanel>
  );
}
