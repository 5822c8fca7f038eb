import { consent } from '../privacy/consent-store';
import { AnalyticsTracker } from './tracker';

export type { AnalyticsTracker };

/** The page's one tracker, bound to the page's consent store and its signed-in session. */
export const analytics = new AnalyticsTracker({
  consent: consent.get,
  subscribe: consent.subscribe,
  token: () => consent.session?.token,
});
