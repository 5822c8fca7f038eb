import { useEffect } from 'react';
import { analytics } from '../analytics/analytics';
import { trackMuseum } from '../analytics/museum-tracking';
import { profilePreferences } from '../profile/preferences';
import { museum } from '../zones/museum/museum-store';
import { ConsentBanner } from './consent-banner';
import { consent } from './consent-store';

/** Props of {@link PrivacyLayer}. */
export interface PrivacyLayerProps {
  /** The signed-in person, if any. */
  session?: { token: string; address: string };
  /** The zone the visitor is in. */
  zone: string;
}

/**
 * The world page's privacy: asks for consent once (the banner), reads a signed-in person's consent
 * and applies their profile's preferences (VR comfort, the tour's order, the language), and feeds
 * analytics (zone dwell, the museum's cars and tour), which the tracker drops without consent.
 */
export function PrivacyLayer({ session, zone }: PrivacyLayerProps) {
  const token = session?.token;
  const address = session?.address;
  useEffect(() => {
    if (!token || !address) {
      consent.signOut();
      profilePreferences.clear();
      return;
    }
    const failed = (error: unknown) => console.warn(`privacy: ${(error as Error).message}`);
    consent.signIn({ token, address }).catch(failed);
    profilePreferences.signIn({ token, address }).catch(failed);
    // The token changes at each refresh; the person does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [address]);

  useEffect(() => {
    if (token) consent.refreshToken(token);
  }, [token]);

  useEffect(() => consent.subscribe(() => {
    if (!consent.get().personalisation && consent.session) profilePreferences.clear();
  }), []);

  useEffect(() => {
    analytics.enterZone(zone);
  }, [zone]);
  useEffect(() => {
    const untrack = trackMuseum(museum, (event) => analytics.track(event));
    const leave = () => {
      analytics.enterZone(undefined);
      void analytics.flush();
    };
    window.addEventListener('pagehide', leave);
    return () => {
      untrack();
      window.removeEventListener('pagehide', leave);
    };
  }, []);

  return <ConsentBanner />;
}
