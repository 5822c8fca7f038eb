import { z } from 'zod';
import { ANALYTICS_KINDS, ANALYTICS_MAX_BATCH } from './analytics-events';

/**
 * The brand's analytics (`/api/analytics/*`): what a page may send, from people who agreed to
 * analytics only, and what the brand team's dashboard reads. Pseudonymous and aggregated.
 */

export { ANALYTICS_KINDS, ANALYTICS_MAX_BATCH } from './analytics-events';
export type { AnalyticsKind } from './analytics-events';

const plain = z.string().trim().min(1).max(80).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

export const analyticsEventSchema = z.strictObject({
  kind: z.enum(ANALYTICS_KINDS),
  zone: plain.optional(),
  subject: plain.optional(),
  /** Seconds (dwell) or another count; bounded. */
  value: z.number().finite().min(0).max(86_400).optional(),
});
export type AnalyticsEvent = z.infer<typeof analyticsEventSchema>;

/**
 * `POST /api/analytics/events`: a batch. A signed-in person's consent is read from the server; a
 * guest's page says its consent (kept on the device) and its device id, which the server hashes.
 */
export const analyticsBatchSchema = z.strictObject({
  events: z.array(analyticsEventSchema).min(1).max(ANALYTICS_MAX_BATCH),
  /** A guest's answer on this device: must be true, or the batch is refused. */
  consent: z.literal(true).optional(),
  device: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
});
export type AnalyticsBatch = z.infer<typeof analyticsBatchSchema>;

/** `POST /api/analytics/satisfaction`: the question after a launch. */
export const satisfactionSchema = z.strictObject({
  eventId: plain,
  score: z.number().int().min(0).max(10),
  comment: z.string().trim().max(500).optional(),
  consent: z.literal(true).optional(),
  device: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
});
export type SatisfactionAnswer = z.infer<typeof satisfactionSchema>;

/** Below this many people a figure is not shown (k-anonymity). */
export const ANALYTICS_MIN_PEOPLE = 5;

/** One figure: its value only when it rests on at least {@link ANALYTICS_MIN_PEOPLE} people. */
export interface Figure {
  /** What it counts: `Museum visits`, `Astrale GT`. */
  label: string;
  /** How many distinct people it rests on (shown even when the value is withheld). */
  people: number;
  /** The value (events, seconds, a mean score); null when `people` is below the threshold. */
  value: number | null;
}

/** A group of figures (one chart). */
export interface FigureGroup {
  id: string;
  title: string;
  /** What `value` is: `visits`, `mean seconds`, `people`, `mean score (0–10)`. */
  unit: string;
  figures: Figure[];
}

/** `GET /api/analytics/dashboard`. */
export interface AnalyticsDashboard {
  since: string;
  until: string;
  minPeople: number;
  groups: FigureGroup[];
  /** Satisfaction comments, only of launches answered by at least `minPeople` people; no one named. */
  comments: Array<{ eventId: string; score: number; comment: string }>;
}
