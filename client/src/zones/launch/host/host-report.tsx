import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { LaunchReport } from '../../../../../protocol/src/launch';
import { fetchReportCsv } from '../launch-client';
import { launchQueries } from '../launch-queries';
import { formatDuration, histogramBars, linePath, niceCeiling, ticks, type PlotArea } from './report-chart';

/** Props of {@link HostReport}. */
export interface HostReportProps {
  eventId: string;
  /** The host's session token now. */
  token: () => string;
  /** The show is closed: the report is final and loads by itself. */
  closed: boolean;
}

/**
 * The event's report: attendance, peak concurrency, median dwell; a chart of concurrency and
 * reactions a minute, a dwell histogram, the same as tables (the charts' text alternative), and
 * the CSV. It loads by itself once the show is closed, or on request during it.
 */
export function HostReport({ eventId, token, closed }: HostReportProps) {
  const id = useId();
  const [asked, setAsked] = useState(false);
  const report = useQuery({ ...launchQueries.report(eventId, token), enabled: closed || asked });
  const [exporting, setExporting] = useState<string>();

  const download = async () => {
    setExporting('Preparing the CSV…');
    try {
      const blob = await fetchReportCsv(eventId, token());
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `marque-launch-${eventId}-report.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExporting('The CSV was downloaded.');
    } catch (error) {
      setExporting(`The CSV could not be exported: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const data = report.data;
  return (
    <section className="host-card" aria-labelledby={`${id}-title`}>
      <div className="host-heading">
        <h2 id={`${id}-title`}>Report{closed ? '' : ' so far'}</h2>
        <div className="host-actions">
          {!closed && !asked && (
            <button type="button" onClick={() => setAsked(true)}>
              Show the report so far
            </button>
          )}
          {(closed || asked) && (
            <button type="button" onClick={() => void report.refetch()}>
              Refresh
            </button>
          )}
          <button type="button" onClick={() => void download()}>
            Export CSV
          </button>
        </div>
      </div>
      <p className="host-status" role="status">
        {exporting}
      </p>
      {report.error && (
        <p className="host-problem" role="alert">
          The report could not be loaded: {report.error.message}
        </p>
      )}
      {data && (
        <>
          <dl className="host-figures">
            <div>
              <dt>Attendance</dt>
              <dd>{data.attendance.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Peak concurrency</dt>
              <dd>
                {data.peakConcurrency.toLocaleString()}
                {data.peakAt && <span className="host-muted"> at {new Date(data.peakAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</span>}
              </dd>
            </div>
            <div>
              <dt>Median stay</dt>
              <dd>{formatDuration(data.medianDwellSeconds)}</dd>
            </div>
          </dl>
          <div className="host-charts">
            <MinutesChart minutes={data.minutes} />
            <DwellChart dwell={data.dwell} />
          </div>
          <ReportTables report={data} />
        </>
      )}
    </section>
  );
}

const WIDTH = 640;
const HEIGHT = 240;
const AREA: PlotArea = { left: 44, top: 16, width: WIDTH - 88, height: HEIGHT - 52 };
const CONCURRENCY_COLOUR = '#c9a866';
const REACTIONS_COLOUR = '#7fb2ff';

const clock = (minute: string) => new Date(minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Concurrency (left scale) and reactions a minute (right scale) across the event's minutes. */
function MinutesChart({ minutes }: { minutes: LaunchReport['minutes'] }) {
  const id = useId();
  const concurrencyMax = niceCeiling(Math.max(0, ...minutes.map((m) => m.concurrent)));
  const reactionsMax = niceCeiling(Math.max(0, ...minutes.map((m) => m.reactions)));
  const labelled = minutes.length > 1 ? [0, Math.floor((minutes.length - 1) / 2), minutes.length - 1] : minutes.length ? [0] : [];
  const x = (i: number) => AREA.left + (minutes.length > 1 ? (AREA.width * i) / (minutes.length - 1) : 0);
  return (
    <figure className="host-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>
          Concurrency peaked at {Math.max(0, ...minutes.map((m) => m.concurrent))}; reactions peaked at {Math.max(0, ...minutes.map((m) => m.reactions))} a minute.
        </title>
        {ticks(concurrencyMax).map((tick) => {
          const y = AREA.top + AREA.height - (AREA.height * tick) / concurrencyMax;
          return (
            <g key={tick}>
              <line x1={AREA.left} x2={AREA.left + AREA.width} y1={y} y2={y} className="host-chart-grid" />
              <text x={AREA.left - 6} y={y} textAnchor="end" dominantBaseline="middle" fill={CONCURRENCY_COLOUR}>
                {tick}
              </text>
            </g>
          );
        })}
        {ticks(reactionsMax).map((tick) => (
          <text key={tick} x={AREA.left + AREA.width + 6} y={AREA.top + AREA.height - (AREA.height * tick) / reactionsMax} dominantBaseline="middle" fill={REACTIONS_COLOUR}>
            {tick}
          </text>
        ))}
        {labelled.map((i) => (
          <text key={i} x={x(i)} y={HEIGHT - 14} textAnchor={i === 0 ? 'start' : i === minutes.length - 1 ? 'end' : 'middle'} className="host-chart-label">
            {clock(minutes[i]!.minute)}
          </text>
        ))}
        <path d={linePath(minutes.map((m) => m.reactions), AREA, reactionsMax)} fill="none" stroke={REACTIONS_COLOUR} strokeWidth={2} strokeDasharray="6 4" />
        <path d={linePath(minutes.map((m) => m.concurrent), AREA, concurrencyMax)} fill="none" stroke={CONCURRENCY_COLOUR} strokeWidth={2.5} />
        {minutes.length === 0 && (
          <text x={WIDTH / 2} y={HEIGHT / 2} textAnchor="middle" className="host-chart-label">
            Nobody has come yet.
          </text>
        )}
      </svg>
      <figcaption>
        <span className="host-key" style={{ borderColor: CONCURRENCY_COLOUR }} /> Concurrent attendees (left) ·{' '}
        <span className="host-key host-key-dashed" style={{ borderColor: REACTIONS_COLOUR }} /> Reactions a minute (right)
      </figcaption>
    </figure>
  );
}

/** How long attendees stayed, bucketed. */
function DwellChart({ dwell }: { dwell: LaunchReport['dwell'] }) {
  const id = useId();
  const { bars, max } = histogramBars(dwell, AREA);
  return (
    <figure className="host-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>How long attendees stayed: {bars.map((bar) => `${bar.label}: ${bar.attendees}`).join(', ')}.</title>
        {ticks(max).map((tick) => {
          const y = AREA.top + AREA.height - (AREA.height * tick) / max;
          return (
            <g key={tick}>
              <line x1={AREA.left} x2={AREA.left + AREA.width} y1={y} y2={y} className="host-chart-grid" />
              <text x={AREA.left - 6} y={y} textAnchor="end" dominantBaseline="middle" className="host-chart-label">
                {tick}
              </text>
            </g>
          );
        })}
        {bars.map((bar) => (
          <g key={bar.label}>
            <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} fill={CONCURRENCY_COLOUR} rx={2} />
            <text x={bar.x + bar.width / 2} y={HEIGHT - 14} textAnchor="middle" className="host-chart-label">
              {bar.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>Attendees by length of stay</figcaption>
    </figure>
  );
}

/** The report's minutes and dwell buckets as tables. */
function ReportTables({ report }: { report: LaunchReport }) {
  const { bars } = histogramBars(report.dwell, AREA);
  return (
    <div className="host-columns">
      <div className="host-scroll">
        <table className="host-table">
          <caption>Minute by minute</caption>
          <thead>
            <tr>
              <th scope="col">Minute</th>
              <th scope="col">Concurrent</th>
              <th scope="col">Joins</th>
              <th scope="col">Reactions</th>
            </tr>
          </thead>
          <tbody>
            {report.minutes.map((minute) => (
              <tr key={minute.minute}>
                <th scope="row">{clock(minute.minute)}</th>
                <td>{minute.concurrent}</td>
                <td>{minute.joins}</td>
                <td>{minute.reactions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <table className="host-table">
        <caption>Length of stay</caption>
        <thead>
          <tr>
            <th scope="col">Stayed</th>
            <th scope="col">Attendees</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row">{bar.label}</th>
              <td>{bar.attendees}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
