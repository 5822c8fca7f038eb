import { z } from 'zod';
import { buildInputSchema, leadInputSchema } from '../../../protocol/src/builds-api';
import { MarqueError } from '../../../protocol/src/errors';
import type { HttpServices } from '../http/http-services';
import type { RouteHelper } from '../http/route';
import type { Builds } from './builds';

const NO_STORE = { 'cache-control': 'no-store' };

/** Most bytes of a request to a dealer: a name, a contact and a message of at most 1,000 characters, in any script. */
const LEAD_MAX_BODY_BYTES = 8 * 1024;

const eraseBody = z.strictObject({ token: z.string().min(16).max(64) });

/**
 * The public configurator's routes (README "HTTP API"): saving and reading builds, the dealers a
 * build can go to, requests to a dealer and their erasure, and a dealer's list of requests. Saving
 * and sending need no session (a visitor has none) and are limited per address; reading a
 * dealer's requests needs that dealer's wallet with the dealer role.
 */
export function createBuildRoutes(services: Pick<HttpServices, 'access'> & { builds: Builds }, route: RouteHelper) {
  const { builds } = services;
  return {
    saveBuild: route(
      '/api/builds',
      { method: 'POST', unit: 'builds', limit: 'builds', body: buildInputSchema, bodyShape: '{ model, configuration: { paint?, wheel?, caliper?, interior?, trim? } }', status: 201, headers: NO_STORE },
      ({ body }) => builds.save(body),
    ),

    leadDealers: route('/api/leads/dealers', { method: 'GET', unit: 'builds', headers: { 'cache-control': 'max-age=60' } }, () => builds.dealers()),

    build: route('/api/builds/:id', { method: 'GET', unit: 'builds', headers: { 'cache-control': 'max-age=300' } }, ({ params }) => builds.get(params.id ?? '')),

    sendLead: route(
      '/api/leads',
      {
        method: 'POST',
        unit: 'builds',
        // Optional: a signed-in visitor's request is theirs to erase from the privacy page too.
        auth: 'optional',
        limit: 'leads',
        body: leadInputSchema,
        bodyShape: '{ buildId, dealer, name, contact: { email?, phone? }, message?, consent: true }',
        maxBodyBytes: LEAD_MAX_BODY_BYTES,
        status: 201,
        headers: NO_STORE,
      },
      ({ body, wallet }) => builds.sendLead(body, wallet),
    ),

    eraseLead: route(
      '/api/leads/:id/erase',
      { method: 'POST', unit: 'builds', limit: 'leads', body: eraseBody, bodyShape: '{ token } (the eraseToken the request answered with)', headers: NO_STORE },
      async ({ params, body }) => {
        await builds.eraseLead(params.id ?? '', body.token);
        return { erased: true };
      },
    ),

    dealerLeads: route('/api/dealer/leads', { method: 'GET', unit: 'builds', auth: 'wallet', headers: NO_STORE }, async ({ wallet }) => {
      if (!(await services.access.hasRole('dealer', wallet))) {
        throw new MarqueError('builds', 'only dealers read the requests sent to them', { status: 403, reason: 'not-dealer', details: 'sign in with the wallet the staff registered as a dealer' });
      }
      return builds.leadsFor(wallet);
    }),
  };
}
