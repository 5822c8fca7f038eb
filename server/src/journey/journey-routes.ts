import { getAddress, type Address } from 'viem';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';
import { appointmentAction, appointmentRequest, passportLinkInput, type PassportLinkCreated } from '../../../protocol/src/journey-api';
import type { HttpServices } from '../http/http-services';
import { tokenIdParam } from '../http/http-util';
import type { RouteHelper } from '../http/route';
import { chainIndex, findTwin } from '../http/twin-routes';
import type { Journey } from './journey';
import { verifiedPassport } from './passport-verification';

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * The journey's routes (protocol/src/journey-api.ts lists them): passport verification links and
 * the page they open, the dealer registry for owners, and service appointments.
 */
export function createJourneyRoutes(services: HttpServices, route: RouteHelper) {
  const journey = (): Journey => {
    if (!services.journey) throw new MarqueError('journey', 'verification links and appointments are not running on this server', { status: 503, reason: 'unavailable' });
    return services.journey;
  };

  /** Twin `id` when `wallet` owns it now (the index), else 403 `not-owner`. */
  const ownedTwin = async (id: bigint, wallet: Address, unit: string) => {
    const twin = await findTwin(services, id);
    if (twin.owner.toLowerCase() !== wallet.toLowerCase()) {
      throw new MarqueError(unit, `twin #${id} is not yours: only its current owner can share its passport`, { status: 403, reason: 'not-owner' });
    }
    return twin;
  };

  return {
    createPassportLink: route(
      '/api/twins/:id/passport-links',
      { method: 'POST', unit: 'passport-links', auth: 'wallet', limit: 'write', body: passportLinkInput, bodyShape: '{ validDays? } (1–90)', status: 201, headers: NO_STORE },
      async ({ params, wallet, body }) => {
        const id = tokenIdParam(params.id, 'passport-links');
        await ownedTwin(id, wallet, 'passport-links');
        const { token, view } = await journey().links.create(id, wallet, body.validDays);
        const url = new URL(services.publicUrl);
        url.searchParams.set('verify', token);
        return { ...view, token, url: url.href } satisfies PassportLinkCreated;
      },
    ),

    passportLinks: route('/api/twins/:id/passport-links', { method: 'GET', unit: 'passport-links', auth: 'wallet', headers: NO_STORE }, async ({ params, wallet }) => {
      const id = tokenIdParam(params.id, 'passport-links');
      await ownedTwin(id, wallet, 'passport-links');
      return journey().links.list(id, wallet);
    }),

    revokePassportLink: route(
      '/api/passport-links/:id/revoke',
      { method: 'POST', unit: 'passport-links', auth: 'wallet', limit: 'write', headers: NO_STORE },
      async ({ params, wallet }) => journey().links.revoke(String(params.id), wallet),
    ),

    verifyPassport: route('/api/verify/:token', { method: 'GET', unit: 'passport-links', headers: NO_STORE }, async ({ params }) => {
      const { chain, links } = journey();
      // Who owns the car is read from the chain at every open: a sale ends the seller's links at once.
      const opened = await links.open(String(params.token), async (tokenId) => {
        try {
          return await chain.client.readContract({ address: chain.twinAddress, abi: marqueTwinAbi, functionName: 'ownerOf', args: [tokenId] });
        } catch (error) {
          if (/ERC721NonexistentToken|reverted/i.test((error as Error).message)) return undefined;
          throw error;
        }
      });
      const twin = await findTwin(services, opened.tokenId);
      return verifiedPassport({ db: services.db, index: chainIndex(services), chain }, twin, opened.expiresAt);
    }),

    requestAppointment: route(
      '/api/appointments',
      {
        method: 'POST',
        unit: 'appointments',
        auth: 'wallet',
        limit: 'write',
        body: appointmentRequest,
        bodyShape: '{ tokenId, dealer | city, reason, preferredTimes, note? }',
        status: 201,
        headers: NO_STORE,
      },
      async ({ wallet, body }) => journey().appointments.request(wallet, { ...body, ...(body.dealer ? { dealer: getAddress(body.dealer) } : {}) }),
    ),

    appointments: route('/api/appointments', { method: 'GET', unit: 'appointments', auth: 'wallet', headers: NO_STORE }, async ({ wallet, url }) => {
      const as = url.searchParams.get('as') ?? 'owner';
      if (as !== 'owner' && as !== 'dealer') throw new MarqueError('appointments', `as=${as} is not owner or dealer`, { status: 400, reason: 'bad-request' });
      return journey().appointments.list(wallet, as);
    }),

    appointmentAction: route(
      '/api/appointments/:id/actions',
      {
        method: 'POST',
        unit: 'appointments',
        auth: 'wallet',
        limit: 'write',
        body: appointmentAction,
        bodyShape: '{ action: "confirm", slot } | { action: "propose", slot, note? } | { action: "accept" } | { action: "cancel", note? }',
        headers: NO_STORE,
      },
      async ({ params, wallet, body }) => journey().appointments.act(String(params.id), wallet, body),
    ),
  };
}
