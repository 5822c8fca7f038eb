import { z } from 'zod';
import { ADD_ONS } from '../../../assets/src/addons';
import { VARIANT_CATEGORIES, type VariantCategory } from '../../../protocol/src/catalogue';
import { findAsset } from '../../../protocol/src/manifest';
import { isTargetName, TARGET_NAMES } from '../../../protocol/src/targets';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';
import type { IndexedTwinDetail, IndexQueries } from '../indexer/index-queries';
import type { AddOn, OrderedConfiguration, OwnerProfileView, OwnerTwin } from '../../../protocol/src/twin-api';
import { checkModelConfiguration, currentConfiguration } from '../twins/configurations';
import { metadataView, ownerTwinView, showcaseView } from '../twins/twin-views';
import { answer, tokenIdParam } from './http-util';
import type { RouteHelper } from './route';
import type { HttpServices } from './http-services';

/** Public reads may be fetched by other sites (marketplaces, wallets, viewers). */
const PUBLIC_CORS = { 'access-control-allow-origin': '*' };

const showcaseBody = z.strictObject({ public: z.boolean() });

const orderBody = z.strictObject({
  model: z.string().min(1).max(64),
  configuration: z.strictObject(Object.fromEntries(VARIANT_CATEGORIES.map((c) => [c, z.string().min(1).max(64)])) as Record<VariantCategory, z.ZodString>),
});


/** How long the add-on catalogue's approvals, read from the chain, are reused. */
const ADD_ONS_TTL_MS = 5_000;

/**
 * The twins' routes: ERC-721 metadata, the showcase page's data and its visibility, the signed-in
 * owner's twins and profile, and the add-on catalogue (the glb: {@link twinModelResponse}).
 * Documented in README "HTTP API"; shapes in protocol/twin-api.ts.
 */
export function createTwinRoutes(services: HttpServices, route: RouteHelper) {
  const { twins } = services;
  let addOns: { at: number; list: Promise<AddOn[]> } | undefined;

  return {
    twinMetadata: route('/api/twins/:id', { method: 'GET', unit: 'twins', headers: PUBLIC_CORS }, async ({ params }) => {
      const twin = await findTwin(services, tokenIdParam(params.id));
      const [ordered, manifest] = await Promise.all([orderedOf(services, twin), services.manifest().catch(() => undefined)]);
      const entry = manifest ? findAsset(manifest, twin.model) : undefined;
      return metadataView(twin, ordered, services.publicUrl, entry);
    }),

    twinShowcase: route(
      '/api/twins/:id/showcase',
      { method: 'GET', unit: 'showcase', auth: 'optional', headers: { 'cache-control': 'no-store' } },
      async ({ params, wallet: viewer }) => {
        const id = tokenIdParam(params.id, 'showcase');
        const twin = await findTwin(services, id);
        const isPublic = (await twins.showcases.publicOf(services.chain.chainId, [twin])).get(id.toString()) ?? false;
        const isOwner = viewer !== undefined && viewer.toLowerCase() === twin.owner.toLowerCase();
        if (!isPublic && !isOwner) {
          throw new MarqueError('showcase', `twin #${id}'s showcase is not public`, {
            status: 404,
            reason: 'not-public',
            details: 'its owner has not made it public (the owner sees it when signed in)',
          });
        }
        const [ordered, records] = await Promise.all([orderedOf(services, twin), chainIndex(services).passport(id)]);
        return showcaseView(twin, ordered, records.length, isPublic, services.publicUrl);
      },
    ),

    setTwinShowcase: route(
      '/api/twins/:id/showcase',
      { method: 'PUT', unit: 'showcase', auth: 'wallet', limit: 'write', body: showcaseBody, bodyShape: '{ public: boolean }' },
      async ({ params, wallet, body }) => {
        const id = tokenIdParam(params.id, 'showcase');
        const twin = await findTwin(services, id);
        if (wallet.toLowerCase() !== twin.owner.toLowerCase()) {
          throw new MarqueError('showcase', `only the owner of twin #${id} can change its showcase`, {
            status: 403,
            reason: 'not-owner',
          });
        }
        await twins.showcases.set(services.chain.chainId, id, twin.owner, body.public);
        const [ordered, records] = await Promise.all([orderedOf(services, twin), chainIndex(services).passport(id)]);
        return showcaseView(twin, ordered, records.length, body.public, services.publicUrl);
      },
    ),

    myTwins: route('/api/me/twins', { method: 'GET', unit: 'twins', auth: 'wallet', headers: { 'cache-control': 'no-store' } }, async ({ wallet }) => {
      const index = chainIndex(services);
      const owned = await index.twinsOf(wallet);
      const [details, codes, showcases] = await Promise.all([
        Promise.all(owned.map((t) => index.twin(t.tokenId))),
        twins.configurations.codesOf(owned.map((t) => t.configurationHash)),
        twins.showcases.publicOf(services.chain.chainId, owned),
      ]);
      const list: OwnerTwin[] = details
        .filter((t): t is IndexedTwinDetail => t !== undefined)
        .map((t) => ownerTwinView(t, codes.get(t.configurationHash.toLowerCase()), showcases.get(t.tokenId.toString()) ?? false, services.publicUrl));
      return list;
    }),

    myProfile: route('/api/me/profile', { method: 'GET', unit: 'profile', auth: 'wallet', headers: { 'cache-control': 'no-store' } }, async ({ wallet }) => {
      const index = chainIndex(services);
      const profile = await index.profileOf(wallet);
      const view: OwnerProfileView = profile
        ? { profileId: profile.profileId.toString(), primary: !profile.family, familyMembers: await index.familyMemberCount(profile.primaryId) }
        : { profileId: null, primary: false, familyMembers: 0 };
      return view;
    }),

    orderConfiguration: route(
      '/api/configurations',
      {
        method: 'POST',
        unit: 'orders',
        auth: 'wallet',
        limit: 'write',
        body: orderBody,
        bodyShape: `{ model, configuration: { ${VARIANT_CATEGORIES.join(', ')} } }`,
        status: 201,
      },
      async ({ wallet, body }) => {
        if (!(await services.access.hasRole('issuer', wallet))) {
          throw new MarqueError('orders', `${wallet} does not hold MarqueTwin's ISSUER_ROLE; only the order desk records ordered configurations`, {
            status: 403,
            reason: 'not-issuer',
          });
        }
        const { model, configuration } = body;
        checkModelConfiguration(model, configuration, 'orders');
        const answer: OrderedConfiguration = { configurationHash: await twins.configurations.record(configuration) };
        return answer;
      },
    ),

    addOns: route('/api/addons', { method: 'GET', unit: 'addons', headers: PUBLIC_CORS }, async () => {
      if (!addOns || Date.now() - addOns.at > ADD_ONS_TTL_MS) {
        const list = approvedAddOns(services);
        addOns = { at: Date.now(), list };
        list.catch(() => addOns?.list === list && (addOns = undefined));
      }
      return await addOns.list;
    }),
  };
}

/**
 * `GET /api/twins/:id/model.glb[?target=desktop|quest|mobile]`: the car's published glb with the
 * twin's current configuration as its default materials. Served outside the router (see
 * ./binary-routes.ts), hence a function of the request's parts.
 */
export function twinModelResponse(
  services: HttpServices,
  request: { id: unknown; target: unknown; ifNoneMatch: string | undefined },
): Promise<Response> {
  return answer(async () => {
    const id = tokenIdParam(request.id);
    const target = String(request.target ?? 'desktop');
    if (!isTargetName(target)) {
      throw new MarqueError('twins', `"${target}" is not a target`, {
        status: 400,
        reason: 'bad-request',
        details: `target is one of ${TARGET_NAMES.join(', ')} (desktop when absent)`,
      });
    }
    const twin = await findTwin(services, id);
    const manifest = await services.manifest();
    const entry = manifest ? findAsset(manifest, twin.model, target) : undefined;
    if (!entry) {
      throw new MarqueError(
        'twins',
        manifest
          ? `the ${twin.model} has no published glb for the ${target} target — run npm run assets`
          : "the cars' glb files are not built yet — run npm run assets",
        { status: 404, reason: 'assets-missing' },
      );
    }
    const current = currentConfiguration(twin.model, (await orderedOf(services, twin)) ?? {}, twin.addOns);
    const model = await services.twins.models.configured(entry.file, current).catch((error: NodeJS.ErrnoException) => {
      if (error?.code !== 'ENOENT') throw error;
      throw new MarqueError('twins', `${entry.file} is listed in the manifest but not on disk — run npm run assets`, {
        status: 404,
        reason: 'assets-missing',
      });
    });
    const headers = {
      ...PUBLIC_CORS,
      etag: model.etag,
      // The twin's configuration can change (add-ons): check again each time, download only changes.
      'cache-control': 'no-cache',
    };
    if (request.ifNoneMatch === model.etag) return new Response(null, { status: 304, headers });
    return new Response(model.bytes as Uint8Array<ArrayBuffer>, {
      headers: { ...headers, 'content-type': 'model/gltf-binary', 'content-length': String(model.bytes.byteLength) },
    });
  });
}

/** The catalogue's add-ons that MarqueTwin approves now, in ascending id order. */
async function approvedAddOns(services: HttpServices): Promise<AddOn[]> {
  const approved = await Promise.all(
    ADD_ONS.map((addOn) =>
      services.chain.client.readContract({ address: services.chain.twinAddress, abi: marqueTwinAbi, functionName: 'isAddOnApproved', args: [addOn.id] }),
    ),
  ).catch((cause: unknown) => {
    throw new MarqueError('addons', 'cannot read the add-on catalogue from the chain right now; try again', {
      status: 503,
      reason: 'chain-unavailable',
      cause,
    });
  });
  return ADD_ONS.filter((_, i) => approved[i]).map(({ id, code, name, description, sets, models }) => ({
    id,
    code,
    name,
    description,
    sets,
    models,
  }));
}

/** The chain index, which every twin route reads. */
export function chainIndex(services: HttpServices): IndexQueries {
  if (!services.index) {
    throw new MarqueError('twins', 'the chain index is not running on this server', { status: 503, reason: 'index-unavailable' });
  }
  return services.index;
}

/**
 * Twin `id` as the index holds it.
 * @throws MarqueError 404 when it was never minted; 503 when it is on chain but not indexed yet
 * (just minted) or the chain does not answer.
 */
export async function findTwin(services: HttpServices, id: bigint): Promise<IndexedTwinDetail> {
  const twin = await chainIndex(services).twin(id);
  if (twin) return twin;
  const onChain = await services.chain.twin(id).catch((cause: unknown) => {
    throw new MarqueError('twins', 'cannot read the chain right now; try again', { status: 503, reason: 'chain-unavailable', cause });
  });
  if (onChain) {
    throw new MarqueError('twins', `twin #${id} was just minted and is not indexed yet; try again in a few seconds`, {
      status: 503,
      reason: 'indexing',
    });
  }
  throw new MarqueError('twins', `no twin #${id} has been minted`, { status: 404, reason: 'not-found' });
}

/** The catalogue codes twin `twin` was ordered with, when they are known off chain. */
async function orderedOf(services: HttpServices, twin: IndexedTwinDetail) {
  return (await services.twins.configurations.codesOf([twin.configurationHash])).get(twin.configurationHash.toLowerCase());
}
