import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { VerifiedPassport } from '../../../protocol/src/journey-api';
import { ApiError } from '../net/api';
import { PageShell } from '../ui/page-shell';
import { formatDate, formatMileage, PASSPORT_KINDS, stageLabel } from '../owner/owner-journey';
import type { StageName } from '../../../protocol/src/twin-api';
import { fetchVerifiedPassport } from './journey-client';
import { mileageChart } from './mileage-chart';
import { checkRecordsOnChain, type RecordProof } from './record-proof';
import './journey.css';

/** Props of {@link VerifyPage}. */
export interface VerifyPageProps {
  /** The link's secret, from `?verify=`. */
  linkToken: string;
}

/**
 * The page a passport verification link opens (`?verify=<token>`), for a prospective buyer with
 * no wallet: the car, its production stages and delivery, how many owners it has had, every
 * certified service record with a chart of mileage over time, and for each record whether the
 * chain holds the same hash (checked by this page through `/rpc`, not taken from the server).
 * Never the owner, an address, a price or what the dealer wrote.
 */
export function VerifyPage({ linkToken }: VerifyPageProps) {
  const passport = useQuery({ queryKey: ['verify', linkToken], queryFn: ({ signal }) => fetchVerifiedPassport(linkToken, signal), retry: false });
  const proofs = useQuery({
    queryKey: ['verify', linkToken, 'proof'],
    queryFn: () => checkRecordsOnChain(passport.data!),
    enabled: passport.data !== undefined,
    retry: false,
  });
  useEffect(() => {
    document.title = passport.data ? `${passport.data.modelName} #${passport.data.tokenId} · Marque passport` : 'Marque passport verification';
  }, [passport.data]);

  return (
    <PageShell className="verify" kicker="Certified passport" mainClassName="verify-main page-column" busy={passport.isPending}>
      {passport.isPending && <p>Loading the car's history…</p>}
      {passport.error && <LinkProblem error={passport.error} />}
      {passport.data && <Passport view={passport.data} proofs={proofs.data} proofError={proofs.error?.message} />}
    </PageShell>
  );
}

function LinkProblem({ error }: { error: Error }) {
  const reason = error instanceof ApiError ? error.reason : undefined;
  const title =
    reason === 'owner-changed'
      ? 'This car has changed hands'
      : reason === 'link-expired'
        ? 'This link has expired'
        : reason === 'link-revoked'
          ? 'This link was withdrawn'
          : reason === 'link-unknown'
            ? 'This link is not known'
            : 'The history could not be loaded';
  return (
    <section className="verify-problem" role="alert" data-reason={reason}>
      <h1>{title}</h1>
      <p>{error.message}</p>
      {error instanceof ApiError && error.details && <p>{error.details}</p>}
    </section>
  );
}

function Passport({ view, proofs, proofError }: { view: VerifiedPassport; proofs?: RecordProof[]; proofError?: string }) {
  const chart = mileageChart(view.records.map((r) => ({ at: r.at, mileage: r.mileage })));
  const certified = proofs?.filter((p) => p.status === 'certified').length;
  return (
    <>
      <section className="verify-car" aria-label="The car">
        <h1>
          {view.modelName}
          {view.year !== undefined && <span className="verify-year"> {view.year}</span>}
        </h1>
        <dl className="verify-facts">
          <dt>Twin</dt>
          <dd>#{view.tokenId}</dd>
          <dt>Stage</dt>
          <dd>{stageLabel(view.stage as StageName)}</dd>
          <dt>Delivered</dt>
          <dd>{view.deliveredAt ? formatDate(view.deliveredAt) : 'Not yet: the car is being built'}</dd>
          <dt>Owners</dt>
          <dd data-testid="verify-owners">{view.owners}</dd>
          <dt>Service records</dt>
          <dd>{view.records.length}</dd>
        </dl>
      </section>

      <section aria-label="On-chain proof" className="verify-proof" data-testid="verify-proof">
        <h2>On-chain proof</h2>
        {proofError ? (
          <p className="verify-bad">The chain could not be read to check the records: {proofError}</p>
        ) : !proofs ? (
          <p>Checking each record against the chain…</p>
        ) : view.records.length === 0 ? (
          <p>No service records to check yet.</p>
        ) : certified === view.records.length ? (
          <p className="verify-good">
            {view.records.length === 1 ? 'The record matches the hash' : `All ${view.records.length} records match the hashes`} on chain {view.proof.chainId} (MarquePassport{' '}
            <code>{view.proof.passportAddress}</code>).
          </p>
        ) : (
          <p className="verify-bad">
            {view.records.length - (certified ?? 0)} of {view.records.length} records do not match the chain: do not rely on them.
          </p>
        )}
      </section>

      <section aria-label="Mileage over time" className="verify-chart">
        <h2>Mileage over time</h2>
        {chart.dots.length === 0 ? (
          <p>No mileage recorded yet.</p>
        ) : (
          <svg viewBox="0 0 300 140" role="img" aria-label={`Mileage from ${formatMileage(chart.dots[0]!.mileage)} to ${formatMileage(chart.dots.at(-1)!.mileage)}`}>
            {chart.ticks.map((t) => (
              <g key={t.mileage}>
                <line x1={44} x2={292} y1={t.y} y2={t.y} className="verify-grid" />
                <text x={40} y={t.y + 3} textAnchor="end">
                  {t.mileage.toLocaleString()}
                </text>
              </g>
            ))}
            <polyline points={chart.points} className="verify-line" />
            {chart.dots.map((d) => (
              <circle key={`${d.at}-${d.mileage}`} cx={d.x} cy={d.y} r={3} className="verify-dot">
                <title>{`${formatDate(d.at)}: ${formatMileage(d.mileage)}`}</title>
              </circle>
            ))}
            <text x={44} y={136}>
              {formatDate(chart.from!)}
            </text>
            <text x={292} y={136} textAnchor="end">
              {formatDate(chart.to!)}
            </text>
          </svg>
        )}
      </section>

      <section aria-label="Certified service records">
        <h2>Service history</h2>
        {view.records.length === 0 ? (
          <p>No service records yet.</p>
        ) : (
          <ol className="verify-records">
            {[...view.records].reverse().map((record) => {
              const proof = proofs?.find((p) => p.index === record.index);
              return (
                <li key={record.index} className="verify-record" data-proof={proof?.status ?? 'checking'}>
                  <div className="verify-record-head">
                    <strong>{PASSPORT_KINDS[record.kind] ?? record.kind}</strong>
                    <time dateTime={record.at}>{formatDate(record.at)}</time>
                  </div>
                  <dl>
                    <dt>Mileage</dt>
                    <dd>{formatMileage(record.mileage)}</dd>
                    <dt>Dealer</dt>
                    <dd>{record.dealerName ? `${record.dealerName.name}, ${record.dealerName.city}` : 'A dealer not registered with Marque'}</dd>
                    {record.byAppointment && (
                      <>
                        <dt>Booked</dt>
                        <dd>As a Marque service appointment</dd>
                      </>
                    )}
                    <dt>On chain</dt>
                    <dd className={proof?.status === 'certified' ? 'verify-good' : proof ? 'verify-bad' : undefined}>
                      {!proof ? 'Checking…' : proof.status === 'certified' ? '✓ Hash matches the chain' : `✗ ${proof.reason}`}
                    </dd>
                  </dl>
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <section aria-label="Production" className="verify-stages">
        <h2>Production</h2>
        <ol>
          {view.stages.map((s) => (
            <li key={s.stage}>
              <span>{stageLabel(s.stage as StageName)}</span> <time dateTime={s.at}>{formatDate(s.at)}</time>
            </li>
          ))}
        </ol>
      </section>
      <p className="verify-note">
        Shared by the car's owner; this link works until {formatDate(view.linkExpiresAt)}, or until the car changes hands. No personal data is shown.
      </p>
    </>
  );
}
