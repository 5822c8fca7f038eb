import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, Logger } from '@gltf-transform/core';
import type { MappingList } from '@gltf-transform/extensions';
import { createPublicClient, createWalletClient, http, type Address, type Hex } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marqueOwnerProfileAbi, marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { ADD_ONS } from '../../../assets/src/addons';
import type { WorldAsset } from '../../../assets/src/world';
import { createIO } from '../../../protocol/src/gltf-io';
import { buildWorld } from '../../../pipelines/src/session';
import { readManifest } from '../../../protocol/src/read-manifest';
import { DEMO_CARS } from '../dev/seed';
import type { MeView } from '../../../protocol/src/world-api';
import type { AddOn, OrderedConfiguration, OwnerProfileView, OwnerTwin, TwinMetadata, TwinShowcase } from '../../../protocol/src/twin-api';
import { configurationHash } from '../../../protocol/src/twin-hashes';
import { bearer, json } from '../testing/http';
import { startTestWorld, TEST_PUBLIC_URL as PUBLIC_URL, type TestWorld } from '../testing/test-world';

/**
 * The twins' routes on the real server and a fresh chain with the demo seed: metadata, the glb in
 * the twin's configuration (a small car published by the real pipeline), showcases, the owner's
 * twins and profile, add-ons, and gating that follows transfers.
 */

const CAR_VARIANTS = {
  paint: ['P-BLEU-MINUIT', 'P-BLANC-NACRE', 'P-ORANGE-SOLAIRE'],
  wheel: ['W-ARGENT-20', 'W-FORGED-21'],
  caliper: ['C-LAITON', 'C-ROUGE', 'C-NOIR'],
  interior: ['I-NOIR', 'I-COGNAC'],
  trim: ['T-CHROME-FONCE', 'T-TITANE-BROSSE'],
} as const;

/** A stand-in for the Astrale GT: one box per configurable part, each with its slot material. */
const smallAstrale: WorldAsset = {
  id: 'astrale-2025',
  name: 'Astrale GT',
  zone: 'museum',
  kind: 'car',
  year: 2025,
  variants: CAR_VARIANTS,
  build: () => {
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const buffer = doc.createBuffer();
    const root = doc.createNode('astrale-2025');
    const positions = [-1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1, -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1];
    const indices = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 2, 3, 7, 2, 7, 6, 1, 2, 6, 1, 6, 5, 0, 4, 7, 0, 7, 3];
    for (const [i, slot] of ['paint', 'rim', 'caliper', 'interior', 'trim'].entries()) {
      const position = doc.createAccessor().setType('VEC3').setArray(new Float32Array(positions.map((v) => v * (1 + i * 0.1)))).setBuffer(buffer);
      const index = doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(indices)).setBuffer(buffer);
      const material = doc.createMaterial(slot).setBaseColorFactor([0.5, 0.5, 0.5, 1]);
      const mesh = doc.createMesh(slot).addPrimitive(doc.createPrimitive().setAttribute('POSITION', position).setIndices(index).setMaterial(material));
      root.addChild(doc.createNode(slot).setMesh(mesh).setTranslation([i * 3, 0, 0]));
    }
    // A noisy grid so the file weighs about as much as a real car (the server must send it whole).
    const side = 400;
    const grid = new Float32Array(side * side * 3);
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 0.05;
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) grid.set([x / 100, y / 100, noise()], (y * side + x) * 3);
    const cells: number[] = [];
    for (let y = 0; y < side - 1; y++) for (let x = 0; x < side - 1; x++) {
      const a = y * side + x;
      cells.push(a, a + 1, a + side, a + 1, a + side + 1, a + side);
    }
    const body = doc
      .createPrimitive()
      .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(grid).setBuffer(buffer))
      .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint32Array(cells)).setBuffer(buffer))
      .setMaterial(doc.createMaterial('chassis'));
    root.addChild(doc.createNode('chassis').setMesh(doc.createMesh('chassis').addPrimitive(body)));
    doc.createScene('astrale-2025').addChild(root);
    return doc;
  },
};

let world: TestWorld;
let work: string;
let assetsBuilt = true;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'marque-twin-routes-'));
  const outDir = path.join(work, 'assets');
  const roomy = { drawCalls: 100, triangles: 1_000_000, textureBytes: 2 ** 30 };
  await buildWorld({ outDir, sources: [smallAstrale], targets: ['desktop', 'quest'], cacheDir: false, budgets: { desktop: roomy, quest: roomy } });
  world = await startTestWorld({ manifest: async () => (assetsBuilt ? readManifest(outDir) : undefined), assetsDir: outDir });
});

afterAll(async () => {
  await world?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const url = (route: string) => `${world.server.url}${route}`;

/** Sends a transaction from one of the chain's unlocked accounts and waits until the indexer has it. */
async function send(from: Address, request: { address: Address; abi: any; functionName: string; args: unknown[] }) {
  const wallet = createWalletClient({ account: from, chain: foundry, transport: http(world.chain.rpcUrl) });
  const client = createPublicClient({ chain: foundry, transport: http(world.chain.rpcUrl), pollingInterval: 50 });
  const hash = await wallet.writeContract(request as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe('success');
  // The server's indexer, through what it answers: poll /healthz until it has the block.
  for (let i = 0; i < 100; i++) {
    const health = await (await fetch(url('/healthz'))).json();
    if (health.indexer?.indexed >= Number(receipt.blockNumber)) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`the indexer did not reach block ${receipt.blockNumber}`);
}

/** Reads a glb the way a client does and returns each configurable primitive's material name, by mesh. */
async function defaults(bytes: Uint8Array) {
  const io = await createIO();
  const doc = await io.readBinary(bytes);
  const result: Record<string, string> = {};
  for (const mesh of doc.getRoot().listMeshes()) {
    for (const primitive of mesh.listPrimitives()) {
      if (!primitive.getExtension<MappingList>('KHR_materials_variants')) continue;
      result[mesh.getName()] = primitive.getMaterial()!.getName();
    }
  }
  return { doc, defaults: result };
}

describe('GET /api/twins/:id (ERC-721 metadata)', () => {
  it('describes a twin: model, year, finishes by name, stage, version, hash, links; never the owner', async () => {
    const owner = world.deployment.demoOwners[0]!;
    const metadata = await json<TwinMetadata>(await fetch(url('/api/twins/1')));
    expect(metadata).toMatchObject({
      name: 'Astrale GT · Twin #1',
      animation_url: `${PUBLIC_URL}/api/twins/1/model.glb`,
      external_url: `${PUBLIC_URL}/?showcase=1`,
    });
    expect(metadata.attributes).toEqual([
      { trait_type: 'Model', value: 'Astrale GT' },
      { trait_type: 'Model year', value: 2025, display_type: 'number' },
      { trait_type: 'Paint', value: 'Blanc Nacré' },
      { trait_type: 'Wheels', value: 'Forgé Graphite 21"' },
      { trait_type: 'Interior', value: 'Cuir Cognac' },
      { trait_type: 'Stage', value: 'Delivered' },
      { trait_type: 'Version', value: '2.0' },
      { trait_type: 'Configuration hash', value: configurationHash(DEMO_CARS[0].configuration) },
    ]);
    expect(owner.configurationHash).toBe(configurationHash(DEMO_CARS[0].configuration));
    expect(JSON.stringify(metadata).toLowerCase()).not.toContain(owner.address.toLowerCase().slice(2));
    const building = await json<TwinMetadata>(await fetch(url('/api/twins/2')));
    expect(building.attributes).toEqual(expect.arrayContaining([{ trait_type: 'Stage', value: 'Paint' }, { trait_type: 'Version', value: '1.0' }]));
  });

  it('answers 404 for a token never minted and 400 for a malformed id', async () => {
    const missing = await fetch(url('/api/twins/99'));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('twins: no twin #99 has been minted');
    const malformed = await fetch(url('/api/twins/abc'));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatch(/^twins: "abc" is not a token id/);
  });
});

describe('GET /api/twins/:id/model.glb', () => {
  it("serves the car's glb with the twin's configuration as its default materials, variants kept", async () => {
    const response = await fetch(url('/api/twins/1/model.glb'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('model/gltf-binary');
    const { doc, defaults: materials } = await defaults(new Uint8Array(await response.arrayBuffer()));
    // The published file opens in the first code of each category; the twin's configuration is another.
    expect(materials).toEqual({
      paint: 'paint/P-BLANC-NACRE',
      rim: 'rim/W-FORGED-21',
      caliper: 'caliper/C-ROUGE',
      interior: 'interior/I-COGNAC',
      trim: 'trim/T-TITANE-BROSSE',
    });
    // Every variant still switches: the paint primitive maps each paint code to its material.
    const paint = doc.getRoot().listMeshes().find((m) => m.getName() === 'paint')!.listPrimitives()[0]!;
    const mappings = paint.getExtension<MappingList>('KHR_materials_variants')!.listMappings();
    const byVariant = Object.fromEntries(mappings.flatMap((m) => m.listVariants().map((v) => [v.getName(), m.getMaterial()!.getName()])));
    expect(byVariant).toEqual({
      'paint/P-BLEU-MINUIT': 'paint/P-BLEU-MINUIT',
      'paint/P-BLANC-NACRE': 'paint/P-BLANC-NACRE',
      'paint/P-ORANGE-SOLAIRE': 'paint/P-ORANGE-SOLAIRE',
    });

    // Large enough that a socket cannot take it in one write; each answer is whole and the
    // connection stays usable (the router's adapter would leave it hanging).
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(500_000);
    for (let i = 0; i < 4; i++) {
      const again = await fetch(url('/api/twins/1/model.glb'), { signal: AbortSignal.timeout(5_000) });
      expect((await again.arrayBuffer()).byteLength).toBe(Number(response.headers.get('content-length')));
    }

    // Cached and revalidated by its ETag.
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect((await fetch(url('/api/twins/1/model.glb'), { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('serves the quest target on request, refuses an unknown target, and says when assets are missing', async () => {
    const quest = await fetch(url('/api/twins/1/model.glb?target=quest'));
    expect(quest.status).toBe(200);
    expect((await defaults(new Uint8Array(await quest.arrayBuffer()))).defaults.paint).toBe('paint/P-BLANC-NACRE');

    const bad = await fetch(url('/api/twins/1/model.glb?target=vr'));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'twins: "vr" is not a target', details: 'target is one of desktop, quest, mobile (desktop when absent)' });

    // Twin 2 is an Aurore, which this world's assets do not have.
    expect(await json(await fetch(url('/api/twins/2/model.glb')), 404)).toMatchObject({
      error: 'twins: the aurore-1964 has no published glb for the desktop target — run npm run assets',
      reason: 'assets-missing',
    });
    assetsBuilt = false;
    try {
      expect(await json(await fetch(url('/api/twins/1/model.glb')), 404)).toMatchObject({
        error: "twins: the cars' glb files are not built yet — run npm run assets",
        reason: 'assets-missing',
      });
    } finally {
      assetsBuilt = true;
    }
    expect((await fetch(url('/api/twins/99/model.glb'))).status).toBe(404);
  });
});

describe('GET /api/addons and applied add-ons', () => {
  it('lists the approved catalogue with what each sets and the cars it fits', async () => {
    const list = await json<AddOn[]>(await fetch(url('/api/addons')));
    expect(list.map((a) => a.code)).toEqual(ADD_ONS.map((a) => a.code));
    expect(list.find((a) => a.code === 'A-ORANGE-SOLAIRE')).toEqual({
      id: ADD_ONS.find((a) => a.code === 'A-ORANGE-SOLAIRE')!.id,
      code: 'A-ORANGE-SOLAIRE',
      name: 'Orange Solaire livery',
      description: expect.any(String),
      sets: { paint: 'P-ORANGE-SOLAIRE' },
      models: ['orage-1974', 'astrale-2025'],
    });
  });

  it('an applied add-on changes the current configuration, the metadata and the glb, not the ordered one', async () => {
    const [first, second] = world.deployment.demoOwners;
    const orange = ADD_ONS.find((a) => a.code === 'A-ORANGE-SOLAIRE')!.id;
    const nocturne = ADD_ONS.find((a) => a.code === 'A-PACK-NOCTURNE')!.id;
    const twin = world.deployment.contracts.twin.address;
    await send(first!.address, { address: twin, abi: marqueTwinAbi, functionName: 'applyAddOn', args: [1n, orange] });
    await send(first!.address, { address: twin, abi: marqueTwinAbi, functionName: 'applyAddOn', args: [1n, nocturne] });
    // The Pack Nocturne does not fit an Aurore: on chain it is applied, but it changes nothing.
    await send(second!.address, { address: twin, abi: marqueTwinAbi, functionName: 'applyAddOn', args: [2n, nocturne] });

    const token = await world.signIn(first!.address);
    const [mine] = await json<OwnerTwin[]>(await fetch(url('/api/me/twins'), { headers: bearer(token) }));
    expect(mine!.orderedConfiguration).toEqual(DEMO_CARS[0].configuration);
    expect(mine!.addOns).toEqual([orange, nocturne].sort() as Hex[]);
    expect(mine!.currentConfiguration).toEqual({
      paint: 'P-ORANGE-SOLAIRE',
      wheel: 'W-FORGED-21',
      caliper: 'C-NOIR',
      interior: 'I-COGNAC',
      trim: 'T-CHROME-FONCE',
    });
    expect(mine!.configurationHash).toBe(configurationHash(DEMO_CARS[0].configuration));
    expect(mine!.currentConfigurationHash).not.toBe(mine!.configurationHash);

    const metadata = await json<TwinMetadata>(await fetch(url('/api/twins/1')));
    expect(metadata.attributes).toEqual(
      expect.arrayContaining([
        { trait_type: 'Paint', value: 'Orange Solaire' },
        { trait_type: 'Add-ons', value: 2, display_type: 'number' },
        { trait_type: 'Configuration hash', value: configurationHash(DEMO_CARS[0].configuration) },
      ]),
    );
    const glb = await fetch(url('/api/twins/1/model.glb'));
    expect((await defaults(new Uint8Array(await glb.arrayBuffer()))).defaults).toMatchObject({ paint: 'paint/P-ORANGE-SOLAIRE', caliper: 'caliper/C-NOIR' });

    const aurore = await json<OwnerTwin[]>(await fetch(url('/api/me/twins'), { headers: bearer(await world.signIn(second!.address)) }));
    expect(aurore[0]!.addOns).toEqual([nocturne]);
    expect(aurore[0]!.currentConfiguration).toEqual(DEMO_CARS[1].configuration);
  });
});

describe('POST /api/configurations (the order desk) and GET /api/me', () => {
  const order = {
    model: 'aurore-1964',
    configuration: { paint: 'P-ROUGE-PASSION', wheel: 'W-CHROME-RAYONS', caliper: 'C-NOIR', interior: 'I-COGNAC', trim: 'T-CHROME' },
  };

  it("gives each wallet its roles: the staff account all three, an owner none", async () => {
    const staff = await json<MeView>(await fetch(url('/api/me'), { headers: bearer(await world.signIn(world.deployment.deployer)) }));
    expect(staff).toEqual({ address: world.deployment.deployer, roles: ['dealer', 'brand-team', 'issuer'] });
    const owner = world.deployment.demoOwners[0]!.address;
    expect(await json<MeView>(await fetch(url('/api/me'), { headers: bearer(await world.signIn(owner)) }))).toEqual({ address: owner, roles: [] });
    expect((await fetch(url('/api/me'))).status).toBe(401);
  });

  it('an issuer records an order, mints its twin with the hash it got, and the twin shows the codes', async () => {
    const issuer = world.deployment.deployer;
    const recorded = await json<OrderedConfiguration>(
      await fetch(url('/api/configurations'), { method: 'POST', headers: bearer(await world.signIn(issuer)), body: JSON.stringify(order) }),
      201,
    );
    expect(recorded.configurationHash).toBe(configurationHash(order.configuration));
    const buyer = world.accounts[7]!;
    await send(issuer, { address: world.deployment.twin.address, abi: marqueTwinAbi, functionName: 'mint', args: [buyer, order.model, recorded.configurationHash] });
    const twins = await json<OwnerTwin[]>(await fetch(url('/api/me/twins'), { headers: bearer(await world.signIn(buyer)) }));
    expect(twins).toEqual([expect.objectContaining({ model: 'aurore-1964', stage: 'Ordered', version: '1.0', orderedConfiguration: order.configuration })]);
  });

  it('refuses a wallet without ISSUER_ROLE, an unknown model, codes the model does not offer and an incomplete order', async () => {
    const owner = await world.signIn(world.deployment.demoOwners[0]!.address);
    const refused = await json<{ reason: string }>(
      await fetch(url('/api/configurations'), { method: 'POST', headers: bearer(owner), body: JSON.stringify(order) }),
      403,
    );
    expect(refused.reason).toBe('not-issuer');

    const issuer = await world.signIn(world.deployment.deployer);
    const post = (body: unknown) => fetch(url('/api/configurations'), { method: 'POST', headers: bearer(issuer), body: JSON.stringify(body) });
    expect(await json(await post({ ...order, model: 'pegase-1900' }), 400)).toMatchObject({
      error: 'orders: "pegase-1900" is not a model of the line-up',
      reason: 'bad-configuration',
    });
    expect(await json(await post({ ...order, configuration: { ...order.configuration, wheel: 'W-FORGED-21' } }), 400)).toMatchObject({
      error: 'orders: the Aurore Coupé is not offered with wheel W-FORGED-21',
      details: 'wheel: one of W-CHROME-RAYONS',
    });
    const { trim: _trim, ...incomplete } = order.configuration;
    expect(await json<{ details: string }>(await post({ ...order, configuration: incomplete }), 400)).toMatchObject({
      reason: 'bad-request',
      details: expect.stringContaining('configuration.trim'),
    });
  });
});

describe('GET /api/me/twins and /api/me/profile', () => {
  it("lists the signed-in wallet's twins with stages, version and showcase links", async () => {
    const owner = world.deployment.demoOwners[1]!;
    const twins = await json<OwnerTwin[]>(await fetch(url('/api/me/twins'), { headers: bearer(await world.signIn(owner.address)) }));
    expect(twins).toHaveLength(1);
    expect(twins[0]).toMatchObject({
      tokenId: '2',
      model: 'aurore-1964',
      modelName: 'Aurore Coupé',
      year: 1964,
      orderedConfiguration: DEMO_CARS[1].configuration,
      stage: 'Paint',
      version: '1.0',
      showcasePublic: false,
      showcaseUrl: `${PUBLIC_URL}/?showcase=2`,
      modelUrl: `${PUBLIC_URL}/api/twins/2/model.glb`,
    });
    expect(twins[0]!.stages.map((s) => s.stage)).toEqual(['Ordered', 'BodyShop', 'Paint']);
    for (const stage of twins[0]!.stages) {
      expect(new Date(stage.at).toISOString()).toBe(stage.at);
      expect(stage.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    }
    const nobody = world.accounts[6]!;
    expect(await json(await fetch(url('/api/me/twins'), { headers: bearer(await world.signIn(nobody)) }))).toEqual([]);
  });

  it('gives the profile: primary, and the family members the holder added', async () => {
    const owner = world.deployment.demoOwners[1]!;
    const member = world.accounts[7]!;
    const token = await world.signIn(owner.address);
    expect(await json<OwnerProfileView>(await fetch(url('/api/me/profile'), { headers: bearer(token) }))).toEqual({
      profileId: String(owner.profileId),
      primary: true,
      familyMembers: 0,
    });
    await send(owner.address, { address: world.deployment.contracts.profile.address, abi: marqueOwnerProfileAbi, functionName: 'addFamilyMember', args: [member] });
    expect(await json<OwnerProfileView>(await fetch(url('/api/me/profile'), { headers: bearer(token) }))).toEqual({
      profileId: String(owner.profileId),
      primary: true,
      familyMembers: 1,
    });
    expect(await json<OwnerProfileView>(await fetch(url('/api/me/profile'), { headers: bearer(await world.signIn(member)) }))).toMatchObject({
      primary: false,
      familyMembers: 1,
    });
    expect(await json(await fetch(url('/api/me/profile'), { headers: bearer(await world.signIn(world.accounts[8]!)) }))).toEqual({
      profileId: null,
      primary: false,
      familyMembers: 0,
    });
  });

  it('needs a session: 401 without one, with a forged one, and with a guest session', async () => {
    // A guest's session: an invitation from the brand team (account 0), redeemed without a wallet.
    const brandTeam = await world.signIn(world.accounts[0]!);
    const { code } = await json<{ code: string }>(
      await fetch(url('/api/invites'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(brandTeam) },
        body: JSON.stringify({ scope: 'lounge', maxUses: 1, validHours: 1 }),
      }),
      201,
    );
    const { token: guest } = await json<{ token: string }>(
      await fetch(url('/api/invites/redeem'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) }),
    );
    for (const route of ['/api/me/twins', '/api/me/profile']) {
      expect(await json(await fetch(url(route)), 401)).toMatchObject({ reason: 'session-invalid', error: expect.stringMatching(/^auth: this needs your session/) });
      expect(await json(await fetch(url(route), { headers: bearer('forged.token.here') }), 401)).toMatchObject({ reason: 'session-invalid' });
      expect(await json(await fetch(url(route), { headers: bearer(guest) }), 401)).toMatchObject({
        reason: 'wallet-required',
        error: expect.stringMatching(/this needs a wallet/),
      });
    }
  });
});

describe('showcase', () => {
  it('is private by default: 404 for visitors, shown to its owner', async () => {
    const owner = world.deployment.demoOwners[1]!;
    expect(await json(await fetch(url('/api/twins/2/showcase')), 404)).toMatchObject({
      error: "showcase: twin #2's showcase is not public",
      reason: 'not-public',
    });
    const mine = await json<TwinShowcase>(await fetch(url('/api/twins/2/showcase'), { headers: bearer(await world.signIn(owner.address)) }));
    expect(mine).toMatchObject({ tokenId: '2', public: false, stage: 'Paint' });
    expect(await json(await fetch(url('/api/twins/2/showcase'), { headers: bearer(await world.signIn(world.accounts[6]!)) }), 404)).toMatchObject({
      reason: 'not-public',
    });
    expect(await json(await fetch(url('/api/twins/99/showcase')), 404)).toMatchObject({ error: 'twins: no twin #99 has been minted' });
  });

  it('the owner makes it public (no address, no service details) and private again; nobody else can', async () => {
    const owner = world.deployment.demoOwners[0]!;
    const token = await world.signIn(owner.address);
    const put = (body: unknown, headers: Record<string, string> = bearer(token)) =>
      fetch(url('/api/twins/1/showcase'), { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    expect(await json(await put({ public: true }, {}), 401)).toMatchObject({ reason: 'session-invalid' });
    expect(await json(await put({ public: true }, bearer(await world.signIn(world.accounts[6]!))), 403)).toEqual({
      error: 'showcase: only the owner of twin #1 can change its showcase',
      reason: 'not-owner',
    });
    expect(await json(await put({ public: 'yes' }), 400)).toMatchObject({
      error: 'showcase: the request body must be JSON { public: boolean }',
      details: expect.stringContaining('public:'),
    });
    expect((await fetch(url('/api/twins/1/showcase'))).status).toBe(404);

    expect(await json<TwinShowcase>(await put({ public: true }))).toMatchObject({ tokenId: '1', public: true });
    const shown = await json<TwinShowcase>(await fetch(url('/api/twins/1/showcase')));
    expect(shown).toMatchObject({
      tokenId: '1',
      model: 'astrale-2025',
      modelName: 'Astrale GT',
      year: 2025,
      stage: 'Delivered',
      version: '2.0',
      serviceRecords: 1,
      modelUrl: `${PUBLIC_URL}/api/twins/1/model.glb`,
      public: true,
    });
    expect(shown.currentConfiguration.interior).toBe('I-COGNAC');
    const text = JSON.stringify(shown).toLowerCase();
    expect(text).not.toContain(owner.address.toLowerCase().slice(2));
    expect(text).not.toContain('inspection');
    const [mine] = await json<OwnerTwin[]>(await fetch(url('/api/me/twins'), { headers: bearer(token) }));
    expect(mine!.showcasePublic).toBe(true);

    await json(await put({ public: false }));
    expect((await fetch(url('/api/twins/1/showcase'))).status).toBe(404);
  });
});

describe('gating follows the chain', () => {
  it('after a transfer the twin moves to the new owner, a public showcase turns private, the profile stays', async () => {
    const seller = world.deployment.demoOwners[2]!;
    const buyer = world.accounts[5]!;
    const sellerToken = await world.signIn(seller.address);
    const buyerToken = await world.signIn(buyer);
    await json(
      await fetch(url('/api/twins/3/showcase'), {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(sellerToken) },
        body: JSON.stringify({ public: true }),
      }),
    );
    expect((await fetch(url('/api/twins/3/showcase'))).status).toBe(200);

    await send(seller.address, {
      address: world.deployment.contracts.twin.address,
      abi: marqueTwinAbi,
      functionName: 'transferFrom',
      args: [seller.address, buyer, 3n],
    });

    expect(await json(await fetch(url('/api/me/twins'), { headers: bearer(sellerToken) }))).toEqual([]);
    const bought = await json<OwnerTwin[]>(await fetch(url('/api/me/twins'), { headers: bearer(buyerToken) }));
    expect(bought.map((t) => ({ tokenId: t.tokenId, ordered: t.orderedConfiguration, showcasePublic: t.showcasePublic }))).toEqual([
      { tokenId: '3', ordered: DEMO_CARS[2].configuration, showcasePublic: false },
    ]);
    // The seller's decision does not bind the buyer.
    expect((await fetch(url('/api/twins/3/showcase'))).status).toBe(404);
    // The seller can no longer change it; the buyer can.
    const put = (token: string) =>
      fetch(url('/api/twins/3/showcase'), { method: 'PUT', headers: { 'content-type': 'application/json', ...bearer(token) }, body: '{"public":true}' });
    expect((await put(sellerToken)).status).toBe(403);
    expect((await put(buyerToken)).status).toBe(200);

    // The soulbound profile stays with the seller.
    expect(await json<OwnerProfileView>(await fetch(url('/api/me/profile'), { headers: bearer(sellerToken) }))).toMatchObject({
      profileId: String(seller.profileId),
      primary: true,
    });
    expect(await json<OwnerProfileView>(await fetch(url('/api/me/profile'), { headers: bearer(buyerToken) }))).toMatchObject({ profileId: null });
  });
});
