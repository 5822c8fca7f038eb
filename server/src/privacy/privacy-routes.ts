import type { Address } from 'viem';
import { z } from 'zod';
import { analyticsBatchSchema, satisfactionSchema } from '../../../protocol/src/analytics-api';
import { MarqueError } from '../../../protocol/src/errors';
import { consentSchema, erasureSchema, preferencesSchema, type ErasureView, type PersonalDataSourceView, type ProfileView } from '../../../protocol/src/privacy-api';
import type { AnalyticsPerson } from '../analytics/analytics-store';
import { dashboardCsv } from '../analytics/analytics-store';
import type { HttpServices } from '../http/http-services';
import type { RouteHelper } from '../http/route';
import type { ProfileStore } from '../profile/profile-store';
import { RETAINED_AFTER_ERASURE } from './existing-sources';
import type { PrivacyServices } from './privacy-services';

const NO_STORE = { 'cache-control': 'no-store' };
const DAY_MS = 86_400_000;

const forgetDeviceBody = z.strictObject({ device: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });

/**
 * The person's rights and preferences (`/api/privacy/*`, `/api/profile*`) and the brand's analytics
 * (`/api/analytics/*`). Absent privacy services: every route answers 503.
 */
export function createPrivacyRoutes(services: HttpServices, route: RouteHelper, privacy: PrivacyServices | undefined) {
  const need = (unit: string): PrivacyServices => {
    if (!privacy) throw new MarqueError(unit, 'privacy services are not running on this server', { status: 503, reason: 'unavailable' });
    return privacy;
  };
  const brandTeam = async (wallet: Address) => {
    if (!(await services.access.hasRole('brand-team', wallet))) {
      throw new MarqueError('analytics', "only the brand team's accounts see the analytics dashboard", { status: 403, reason: 'not-allowed' });
    }
  };
  const period = (url: URL) => {
    const until = url.searchParams.get('until') ? new Date(url.searchParams.get('until')!) : new Date(Date.now() + 60_000);
    const since = url.searchParams.get('since') ? new Date(url.searchParams.get('since')!) : new Date(until.getTime() - 30 * DAY_MS);
    if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) {
      throw new MarqueError('analytics', '`since` and `until` must be ISO dates', { status: 400, reason: 'bad-period' });
    }
    return { since, until };
  };
  /** Who an analytics request is from, once their consent is known; refused without it. */
  const consentingPerson = async (
    profiles: ProfileStore,
    wallet: Address | undefined,
    body: { consent?: true; device?: string },
  ): Promise<AnalyticsPerson> => {
    if (wallet) {
      if (!(await profiles.consent(wallet)).analytics) {
        throw new MarqueError('analytics', 'you have not agreed to analytics; nothing was recorded', {
          status: 403,
          reason: 'no-consent',
          details: 'Turn on "Analytics" on the privacy page to be counted.',
        });
      }
      return { address: wallet };
    }
    if (body.consent !== true || !body.device) {
      throw new MarqueError('analytics', "a guest's events need their consent on this device and the device's id; nothing was recorded", {
        status: 403,
        reason: 'no-consent',
      });
    }
    return { device: body.device };
  };

  return {
    privacySources: route('/api/privacy/sources', { method: 'GET', unit: 'privacy' }, async () => ({
      sources: need('privacy').registry.describe() satisfies PersonalDataSourceView[],
      retained: RETAINED_AFTER_ERASURE,
    })),

    privacyExport: route('/api/privacy/export', { method: 'GET', unit: 'privacy', auth: 'wallet', headers: NO_STORE }, async ({ wallet }) => {
      const data = await need('privacy').registry.export({ address: wallet.toLowerCase() as `0x${string}` });
      return new Response(JSON.stringify(data, null, 2), {
        headers: {
          'content-type': 'application/json',
          'content-disposition': `attachment; filename="marque-data-${wallet.toLowerCase()}.json"`,
          ...NO_STORE,
        },
      });
    }),

    privacyErase: route(
      '/api/privacy/erase',
      { method: 'POST', unit: 'privacy', auth: 'wallet', limit: 'write', body: erasureSchema, bodyShape: '{ confirm: "ERASE" }', headers: NO_STORE },
      async ({ wallet }) => (await need('privacy').registry.erase({ address: wallet.toLowerCase() as `0x${string}` })) satisfies ErasureView,
    ),

    forgetDevice: route(
      '/api/privacy/forget-device',
      { method: 'POST', unit: 'privacy', limit: 'write', body: forgetDeviceBody, bodyShape: '{ device }', headers: NO_STORE },
      async ({ body }) => ({ erased: await need('privacy').analytics.forget({ device: body.device }) }),
    ),

    consentGet: route('/api/privacy/consent', { method: 'GET', unit: 'privacy', auth: 'wallet', headers: NO_STORE }, async ({ wallet }) =>
      need('privacy').profiles.consent(wallet),
    ),

    consentPut: route(
      '/api/privacy/consent',
      { method: 'PUT', unit: 'privacy', auth: 'wallet', limit: 'write', body: consentSchema, bodyShape: '{ personalisation, analytics, dealerContact }', headers: NO_STORE },
      async ({ wallet, body }) => {
        const { profiles, analytics } = need('privacy');
        const view = await profiles.setConsent(wallet, body);
        // Analytics withdrawn: what was counted under the person's pseudonym goes too.
        if (!body.analytics) await analytics.forget({ address: wallet });
        return view;
      },
    ),

    profileGet: route('/api/profile', { method: 'GET', unit: 'profile', auth: 'wallet', headers: NO_STORE }, async ({ wallet }) => {
      const { profiles, profileContract } = need('profile');
      const view: ProfileView = await profiles.view(wallet);
      const profile = profileContract ? await services.index?.profileOf(wallet) : undefined;
      if (profile && profileContract) {
        const members = await services.db.query<{ profile_id: string; holder: string }>(
          'select profile_id::text as profile_id, holder from owner_profiles where chain_id = $1 and primary_id = $2 order by profile_id',
          [services.chain.chainId, profile.primaryId.toString()],
        );
        view.family = {
          contract: profileContract,
          profileId: profile.profileId.toString(),
          primary: !profile.family,
          members: members.map((m) => ({ profileId: m.profile_id, holder: m.holder })),
        };
      }
      return view;
    }),

    preferencesPut: route(
      '/api/profile/preferences',
      { method: 'PUT', unit: 'profile', auth: 'wallet', limit: 'write', body: preferencesSchema, bodyShape: '{ language?, comfort?, interests?, contact? }', headers: NO_STORE },
      async ({ wallet, body }) => need('profile').profiles.setPreferences(wallet, body),
    ),

    analyticsEvents: route(
      '/api/analytics/events',
      { method: 'POST', unit: 'analytics', auth: 'optional', limit: 'analytics', body: analyticsBatchSchema, bodyShape: '{ events: [{ kind, zone?, subject?, value? }], consent?, device? }', maxBodyBytes: 16 * 1024, status: 202 },
      async ({ session, body }) => {
        const { analytics, profiles } = need('analytics');
        const person = await consentingPerson(profiles, session?.address, body);
        return { recorded: await analytics.record(person, body.events) };
      },
    ),

    analyticsSatisfaction: route(
      '/api/analytics/satisfaction',
      { method: 'POST', unit: 'analytics', auth: 'optional', limit: 'analytics', body: satisfactionSchema, bodyShape: '{ eventId, score (0–10), comment?, consent?, device? }', status: 202 },
      async ({ session, body }) => {
        const { analytics, profiles } = need('analytics');
        const person = await consentingPerson(profiles, session?.address, body);
        await analytics.satisfaction(person, body.eventId, body.score, body.comment);
        return { recorded: 1 };
      },
    ),

    analyticsDashboard: route('/api/analytics/dashboard', { method: 'GET', unit: 'analytics', auth: 'wallet', headers: NO_STORE }, async ({ wallet, url }) => {
      await brandTeam(wallet);
      const { since, until } = period(url);
      return need('analytics').analytics.dashboard(since, until);
    }),

    analyticsCsv: route('/api/analytics/dashboard.csv', { method: 'GET', unit: 'analytics', auth: 'wallet', headers: NO_STORE }, async ({ wallet, url }) => {
      await brandTeam(wallet);
      const { since, until } = period(url);
      const csv = dashboardCsv(await need('analytics').analytics.dashboard(since, until));
      return new Response(csv, {
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="marque-analytics.csv"', ...NO_STORE },
      });
    }),
  };
}
