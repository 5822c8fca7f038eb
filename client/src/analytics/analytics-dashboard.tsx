import { useMutation, useQuery } from '@tanstack/react-query';
import type { AnalyticsDashboard as Dashboard, FigureGroup } from '../../../protocol/src/analytics-api';
import { request, requestBlob } from '../net/api';
import { download } from '../privacy/privacy-client';
import './analytics-dashboard.css';

/** Props of {@link AnalyticsDashboard}. */
export interface AnalyticsDashboardProps {
  /** A brand-team wallet's session token. */
  token: string;
  /** How often the figures are read again, ms. */
  pollMs?: number;
}

/**
 * The brand team's analytics (a section of the staff console): each group a bar chart, each bar
 * with the number of people it rests on; a figure that rests on fewer people than the threshold is
 * not shown, only said to be withheld. The same figures download as CSV.
 */
export function AnalyticsDashboard({ token, pollMs = 5_000 }: AnalyticsDashboardProps) {
  const dashboard = useQuery({
    queryKey: ['analytics', 'dashboard'],
    queryFn: () => request<Dashboard>('/api/analytics/dashboard', { token }),
    refetchInterval: pollMs,
  });
  const csv = useMutation({
    mutationFn: () => requestBlob('/api/analytics/dashboard.csv', { token }),
    onSuccess: (blob) => download(blob, 'marque-analytics.csv'),
  });
  const data = dashboard.data;
  return (
    <section className="staff-card analytics" aria-labelledby="analytics-title" data-testid="analytics">
      <h2 id="analytics-title">Analytics</h2>
      <p className="staff-note">
        Pseudonymous, from people who agreed to analytics only, over the last 30 days. A figure resting on fewer than {data?.minPeople ?? 5} people is not
        shown.
      </p>
      <button type="button" onClick={() => csv.mutate()} disabled={!data || csv.isPending}>
        Download CSV
      </button>
      {(dashboard.error ?? csv.error) && <p role="alert">{(dashboard.error ?? csv.error)!.message}</p>}
      {data?.groups.map((group) => <Chart key={group.id} group={group} />)}
      {data && data.comments.length > 0 && (
        <>
          <h3>Comments after launches</h3>
          <ul className="analytics-comments">
            {data.comments.map((c, i) => (
              <li key={i}>
                <strong>{c.score}/10</strong> {c.comment}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Chart({ group }: { group: FigureGroup }) {
  const max = Math.max(1, ...group.figures.map((f) => f.value ?? 0));
  return (
    <figure className="analytics-chart" data-group={group.id}>
      <figcaption>
        {group.title} <span className="analytics-unit">({group.unit})</span>
      </figcaption>
      {group.figures.length === 0 ? (
        <p className="analytics-empty">Nothing recorded yet.</p>
      ) : (
        group.figures.map((figure) => (
          <div key={figure.label} className="analytics-row" data-label={figure.label} data-value={figure.value ?? ''} data-people={figure.people}>
            <span className="analytics-label">{figure.label}</span>
            {figure.value === null ? (
              <span className="analytics-withheld">withheld: fewer than the threshold ({figure.people} {figure.people === 1 ? 'person' : 'people'})</span>
            ) : (
              <>
                <span className="analytics-bar" style={{ width: `${(figure.value / max) * 100}%` }} />
                <span className="analytics-value">
                  {figure.value} <span className="analytics-people">· {figure.people} people</span>
                </span>
              </>
            )}
          </div>
        ))
      )}
    </figure>
  );
}
