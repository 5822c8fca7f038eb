import type { Address } from 'viem';
import type { AnalyticsStore } from '../analytics/analytics-store';
import type { ProfileStore } from '../profile/profile-store';
import type { PersonalDataRegistry } from './personal-data';

/** What the privacy, profile and analytics routes need (server/src/privacy/privacy-routes.ts). */
export interface PrivacyServices {
  registry: PersonalDataRegistry;
  profiles: ProfileStore;
  analytics: AnalyticsStore;
  /** MarqueOwnerProfile's address, for the profile's family; absent: no family shown. */
  profileContract?: Address;
}
