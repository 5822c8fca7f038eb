/** What a page records for the brand's analytics, as plain values apart from the schemas (the tracker runs from the start). */

/** What a page records. */
export const ANALYTICS_KINDS = [
  'zone-visit', // a zone entered; value: seconds spent there (sent on leaving)
  'tour-started',
  'tour-completed',
  'car-viewed', // subject: a car id
  'build-saved', // subject: a model
  'build-shared',
  'dealer-request',
] as const;
// Launch funnels (invited → attended → stayed → badge) are not sent by pages: the server reads them
// from its own records (passes, visits, badges) for the signed-in people who agreed to analytics.
export type AnalyticsKind = (typeof ANALYTICS_KINDS)[number];

/** Most events in one batch. */
export const ANALYTICS_MAX_BATCH = 50;
