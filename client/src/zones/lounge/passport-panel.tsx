import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, type ReactNode } from 'react';
import type { OwnerTwin, PassportView } from '../../../../protocol/src/twin-api';
import { formatDate, formatMileage, PASSPORT_KINDS, shortAddress } from '../../owner/owner-journey';
import { twinQueries } from '../../owner/twin-queries';
import { OwnerPanel, TwinPicker } from '../../ui/owner-panel';

/** Props of {@link PassportPanel}. */
export interface PassportPanelProps {
  /** The signed-in owner's session token (the passport is for the owner and dealers). */
  token: string;
  twins: readonly OwnerTwin[];
  twin: OwnerTwin;
  onSelect: (tokenId: string) => void;
  /** More of the car's lounge under its records (sharing with a buyer, appointments: client/src/journey). */
  children?: ReactNode;
}

/** A car's passport in the service lounge, for its owner: {@link PassportRecords} of the twin picked. */
export function PassportPanel({ token, twins, twin, onSelect, children }: PassportPanelProps) {
  const passport = usePassport(twin.tokenId, token);
  return (
    <OwnerPanel className="passport-panel" kicker="Service passport" title={`${twin.modelName} #${twin.tokenId}`} subtitle="Certified by Marque dealers, on chain">
      <TwinPicker twins={twins} selected={twin} onSelect={onSelect} />
      <PassportRecords passport={passport} empty="No service records yet: the first comes with your car's first visit to a dealer." />
      {children}
    </OwnerPanel>
  );
}

/** A twin's passport as loaded: its view, or why it could not be read; absent while loading. */
export interface LoadedPassport {
  view?: PassportView;
  error?: string;
  /** Reads it again (after a record was filed). */
  reload: () => void;
}

/**
 * `GET /api/twins/:id/passport` for `tokenId` (undefined: nothing to load; through React Query), read again when the
 * twin changes or on `reload`. The session's token is read when the request goes out, so a
 * refreshed token does not fetch again.
 */
export function usePassport(tokenId: string | undefined, token: string): LoadedPassport | undefined {
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const passport = useQuery({ ...twinQueries.passport(tokenId ?? '', () => tokenRef.current), enabled: tokenId !== undefined });
  const { refetch } = passport;
  const reload = useCallback(() => void refetch(), [refetch]);
  if (!tokenId || (passport.data === undefined && !passport.error)) return undefined;
  return { view: passport.error ? undefined : passport.data, error: passport.error?.message, reload };
}

/**
 * A passport's certified records, newest first, each with its kind, mileage, date, the dealer who
 * signed it (its registered name and city, else its address shortened; the whole address on hover) and the details the dealer filed.
 */
export function PassportRecords({ passport, empty }: { passport: LoadedPassport | undefined; empty: string }) {
  const entries = passport?.view ? [...passport.view.entries].sort((a, b) => b.index - a.index) : [];
  return (
    <>
      {!passport && <p className="owner-note">Loading the passport…</p>}
      {passport?.error && <p className="owner-problem">The passport could not be loaded: {passport.error}</p>}
      {passport?.view && entries.length === 0 && <p className="owner-note">{empty}</p>}
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
                <dd title={entry.dealer}>{entry.dealerName ? `${entry.dealerName.name}, ${entry.dealerName.city}` : shortAddress(entry.dealer)}</dd>
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
    </>
  );
}
