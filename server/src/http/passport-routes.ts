import { getAddress, type Hex } from 'viem';
import { z } from 'zod';
import { passportDomain, SERVICE_KINDS, SERVICE_RECORD_TYPES, type ServiceRecord } from '../../../protocol/src/contracts/contract-types';
import type { PassportChain } from '../chain/passport-chain';
import { MarqueError } from '../../../protocol/src/errors';
import type { PassportView, RelayedRecord } from '../../../protocol/src/twin-api';
import { recordDetailsHash } from '../../../protocol/src/twin-hashes';
import { passportEntryView } from '../twins/twin-views';
import { tokenIdParam } from './http-util';
import type { RouteHelper } from './route';
import type { HttpServices } from './http-services';
import { chainIndex, findTwin } from './twin-routes';

const uint = (what: string) => z.string().regex(/^(0|[1-9]\d{0,77})$/, `${what} must be a whole number written as a decimal string`);

/** `POST /api/passport/records`: a {@link SignedServiceRecord} (twin-api.ts). */
const signedRecordBody = z.strictObject({
  record: z.strictObject({
    tokenId: uint('tokenId'),
    kind: z
      .number()
      .int()
      .min(0)
      .max(Object.keys(SERVICE_KINDS).length - 1, 'must be 0 service, 1 repair, 2 inspection or 3 bodywork'),
    mileage: z.number().int().min(0).max(0xffff_ffff, 'must fit in a uint32 (km)'),
    recordHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 0x-prefixed 32-byte hex hash'),
    dealer: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address'),
    nonce: uint('nonce'),
    deadline: uint('deadline'),
  }),
  signature: z.string().regex(/^0x([0-9a-fA-F]{2})+$/, 'must be 0x-prefixed hex'),
  details: z.strictObject({
    summary: z.string().min(1).max(2_000),
    workshop: z.string().min(1).max(200).optional(),
    parts: z.array(z.string().min(1).max(200)).max(100).optional(),
    /** The confirmed service appointment the visit was booked as (server/src/journey). */
    appointment: z.string().regex(/^[1-9]\d{0,17}$/, 'must be an appointment number, as a decimal string').optional(),
  }),
});

/**
 * The passport's routes: a car's certified history for its owner and dealers, and the dealer
 * endpoint that checks a signed service record, relays it and keeps its details off chain.
 */
export function createPassportRoutes(services: HttpServices, route: RouteHelper) {
  return {
    twinPassport: route(
      '/api/twins/:id/passport',
      { method: 'GET', unit: 'passport', auth: 'wallet', headers: { 'cache-control': 'no-store' } },
      async ({ params, wallet }) => {
        const id = tokenIdParam(params.id, 'passport');
        const twin = await findTwin(services, id);
        const owner = wallet.toLowerCase() === twin.owner.toLowerCase();
        if (!owner && !(await services.access.hasRole('dealer', wallet))) {
          throw new MarqueError('passport', `only the current owner of twin #${id} and dealers can read its passport`, {
            status: 403,
            reason: 'not-allowed',
          });
        }
        const records = await chainIndex(services).passport(id);
        const details = await services.twins.passportDetails.detailsOf(records.map((r) => r.recordHash));
        const names = (await services.operations?.service.dealerNames(records.map((r) => r.dealer))) ?? new Map();
        const view: PassportView = {
          tokenId: id.toString(),
          entries: records.map((r) => {
            const dealerName = names.get(r.dealer.toLowerCase());
            return { ...passportEntryView(r, details.get(r.recordHash.toLowerCase())), ...(dealerName ? { dealerName } : {}) };
          }),
        };
        return view;
      },
    ),

    relayRecord: route(
      '/api/passport/records',
      {
        method: 'POST',
        unit: 'passport',
        limit: 'relay',
        body: signedRecordBody,
        bodyShape: '{ record, signature, details } (a signed ServiceRecord)',
        maxBodyBytes: 64 * 1024,
        status: 201,
      },
      async ({ body }) => {
        const passport = services.twins.passport;
        if (!passport) {
          throw new MarqueError('passport', 'no MarquePassport contract is configured on this server (PASSPORT_ADDRESS)', {
            status: 503,
            reason: 'relay-unavailable',
          });
        }
        if (!passport.canRelay) {
          throw new MarqueError('passport', 'relaying is not configured on this server — set RELAYER_PRIVATE_KEY', {
            status: 503,
            reason: 'relay-unavailable',
          });
        }
        const { details, signature } = body;
        const record: ServiceRecord = {
          tokenId: BigInt(body.record.tokenId),
          kind: body.record.kind,
          mileage: body.record.mileage,
          recordHash: body.record.recordHash.toLowerCase() as Hex,
          dealer: getAddress(body.record.dealer),
          nonce: BigInt(body.record.nonce),
          deadline: BigInt(body.record.deadline),
        };
        await checkRecord(services, passport, record, signature as Hex, details);
        if (details.appointment !== undefined) await services.journey?.appointments.checkRecordRefers(details.appointment, record.tokenId, record.dealer);

        // The details are stored before anything is sent (pending, shown only once the chain certifies
        // their hash), so that a record on chain never lacks them; a database that cannot store them
        // stops the relay here, with nothing sent.
        const store = services.twins.passportDetails;
        const origin = { chainId: services.chain.chainId, tokenId: record.tokenId, dealer: record.dealer };
        await store.savePending(details, origin).catch((cause: unknown) => {
          throw new MarqueError('passport', "cannot store the record's details right now; nothing was sent — try again", {
            status: 503,
            reason: 'database-unavailable',
            cause,
          });
        });
        const relayed = await passport.relay(record, signature as Hex);
        await store.confirm(record.recordHash, relayed.transactionHash);
        // So that the owner's next read of the passport shows the record.
        await services.indexer?.waitForBlock(relayed.blockNumber, 5_000).catch(() => {});
        const answer: RelayedRecord = { transactionHash: relayed.transactionHash, index: relayed.index };
        return answer;
      },
    ),
  };
}

/**
 * Everything MarquePassport would check, checked first so that a bad record is refused with a
 * reason naming the figures and no transaction is sent: the details' hash, the twin, the deadline,
 * the dealer's role, the signature (through the chain: ERC-1271 dealers too), the nonce, the mileage.
 */
async function checkRecord(
  services: HttpServices,
  passport: PassportChain,
  record: ServiceRecord,
  signature: Hex,
  details: z.infer<typeof signedRecordBody>['details'],
): Promise<void> {
  const expected = recordDetailsHash(details);
  if (expected !== record.recordHash) {
    throw new MarqueError('passport', `recordHash ${record.recordHash} is not the hash of the details sent (${expected})`, {
      status: 400,
      reason: 'record-hash',
      details: 'recordHash must be keccak256 of the canonical JSON of details (see canonicalJson in twin-api.ts)',
    });
  }
  if (record.tokenId === 0n) throw new MarqueError('passport', 'no twin #0 has been minted', { status: 404, reason: 'not-found' });
  await findTwin(services, record.tokenId);

  const chainUnavailable = (cause: unknown) => {
    throw new MarqueError('passport', 'cannot read the chain right now; try again', { status: 503, reason: 'chain-unavailable', cause });
  };
  const latest = await services.chain.client.getBlock({ blockTag: 'latest' }).catch(chainUnavailable);
  const now = BigInt(Math.max(Number(latest.timestamp), Math.floor(Date.now() / 1000)));
  if (record.deadline <= now) {
    throw new MarqueError(
      'passport',
      `the record's deadline ${record.deadline} (${isoTime(record.deadline)}) has passed; it is now ${now} (${isoTime(now)})`,
      { status: 400, reason: 'expired', details: 'the dealer signs it again with a later deadline' },
    );
  }
  if (!(await services.access.hasRole('dealer', record.dealer))) {
    throw new MarqueError('passport', `${record.dealer} does not hold DEALER_ROLE; only dealers' records are accepted`, {
      status: 403,
      reason: 'not-dealer',
    });
  }
  const valid = await services.chain.client
    .verifyTypedData({
      address: record.dealer,
      domain: passportDomain(services.chain.chainId, passport.address) as Parameters<typeof services.chain.client.verifyTypedData>[0]['domain'],
      types: SERVICE_RECORD_TYPES,
      primaryType: 'ServiceRecord',
      message: { ...record },
      signature,
    })
    .catch(() => false);
  if (!valid) {
    throw new MarqueError('passport', `the signature is not ${record.dealer}'s signature of this record`, {
      status: 403,
      reason: 'signature',
      details: `it must sign the EIP-712 ServiceRecord in the "Marque Passport" v1 domain of chain ${services.chain.chainId} and contract ${passport.address}`,
    });
  }
  const [nonce, lastMileage] = await Promise.all([passport.nonceOf(record.dealer), passport.mileageOf(record.tokenId)]).catch(
    chainUnavailable,
  );
  if (record.nonce !== nonce) {
    throw new MarqueError(
      'passport',
      `nonce ${record.nonce} is not ${record.dealer}'s next nonce (${nonce})` +
        (record.nonce < nonce ? '; this record, or another with that nonce, was already relayed' : '; records are relayed in the order they were signed'),
      { status: 409, reason: 'nonce' },
    );
  }
  if (record.mileage < lastMileage) {
    throw new MarqueError(
      'passport',
      `mileage ${record.mileage} km is below twin #${record.tokenId}'s last recorded ${lastMileage} km; a car's mileage never goes down`,
      { status: 400, reason: 'mileage' },
    );
  }
}

function isoTime(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : 'far in the future';
}

