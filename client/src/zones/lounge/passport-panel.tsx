import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n/server-error';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, type ReactNode } from 'react';
import type { OwnerTwin, PassportView } from '../../../../protocol/src/twin-api';
import { formatDate, formatMileage, passportKindLabel, shortAddress } from '../../owner/owner-journey';
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
  const { t } = useTranslation();
  const passport = usePassport(twin.tokenId, token);
  return (
    <OwnerPanel className="passport-panel" kicker={t('owner.passport.kicker')} title={`${twin.modelName} #${twin.tokenId}`} subtitle={t('owner.passport.subtitle')}>
      <TwinPicker twins={twins} selected={twin} onSelect={onSelect} />
      <PassportRecords passport={passport} empty={t('owner.passport.empty')} />
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
  return { view: passport.error ? undefined : passport.data, error: passport.error ? errorMessage(passport.error) : undefined, reload };
}

/**
 * A passport's certified records, newest first, each with its kind, mileage, date, the dealer who
 * signed it (its registered name and city, else its address shortened; the whole address on hover) and the details the dealer filed.
 */
export function PassportRecords({ passport, empty }: { passport: LoadedPassport | undefined; empty: string }) {
  const { t } = useTranslation();
  const entries = passport?.view ? [...passport.view.entries].sort((a, b) => b.index - a.index) : [];
  return (
    <>
      {!passport && <p className="owner-note">{t('owner.passport.loading')}</p>}
      {passport?.error && <p className="owner-problem">{t('owner.passport.problem', { problem: passport.error })}</p>}
      {passport?.view && entries.length === 0 && <p className="owner-note">{empty}</p>}
      {entries.length > 0 && (
        <ol className="passport" aria-label={t('owner.passport.records')}>
          {entries.map((entry) => (
            <li key={entry.index} className="passport-entry">
              <div className="passport-entry-head">
                <strong>{passportKindLabel(entry.kind)}</strong>
                <time dateTime={entry.at}>{formatDate(entry.at)}</time>
              </div>
              <dl>
                <dt>{t('owner.passport.mileage')}</dt>
                <dd>{formatMileage(entry.mileage)}</dd>
                <dt>{t('owner.passport.dealer')}</dt>
                <dd title={entry.dealer}>{entry.dealerName ? t('owner.passport.dealerIn', { name: entry.dealerName.name, city: entry.dealerName.city }) : shortAddress(entry.dealer)}</dd>
                {entry.details?.workshop && (
                  <>
                    <dt>{t('owner.passport.workshop')}</dt>
                    <dd>{entry.details.workshop}</dd>
                  </>
                )}
                {entry.details?.parts && entry.details.parts.length > 0 && (
                  <>
                    <dt>{t('owner.passport.parts')}</dt>
                    <dd>{entry.details.parts.join(', ')}</dd>
                  </>
                )}
              </dl>
              {entry.details ? <p className="passport-summary">{entry.details.summary}</p> : <p className="owner-note">{t('owner.passport.noDetails')}</p>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
