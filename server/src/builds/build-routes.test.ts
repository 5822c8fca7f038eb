import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildView, LeadDealer, LeadView } from '../../../protocol/src/builds-api';
import type { ManualView } from '../../../protocol/src/manual';
import { bearer, json } from '../testing/http';
import { startTestWorld, type TestWorld } from '../testing/test-world';

/**
 * The public configurator's and the manual's routes on the real server (real app config, a fresh
 * chain): a visitor with no session saves and reopens a build and sends it to a registered dealer;
 * the dealer reads it; bodies, limits and roles are enforced with the API's error shape.
 */

let world: TestWorld;
let staff: Address;
let staffToken: string;

beforeAll(async () => {
  world = await startTestWorld();
  // Account 0 is Marque staff: it registers itself in the dealer registry (it holds DEALER_ROLE already).
  staff = world.deployment.deployer;
  staffToken = await world.signIn(staff);
  await json(
    await fetch(url('/api/ops/dealers'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'dealer-paris', ...bearer(staffToken) },
      body: JSON.stringify({ address: staff, name: 'Marque Paris Étoile', city: 'Paris', kind: 'dealer' }),
    }),
    201,
  );
}, 120_000);
afterAll(() => world?.stop());

const url = (route: string) => `${world.server.url}${route}`;
const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url(route), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the public configurator over HTTP', () => {
  let build: BuildView;

  it('saves a build with no session and opens it again by its id', async () => {
    build = await json<BuildView>(await post('/api/builds', { model: 'astrale-2025', configuration: { paint: 'P-ROUGE-PASSION', wheel: 'W-FORGED-21' } }), 201);
    expect(build.url).toMatch(/\?zone=museum&build=[a-z2-9]{10}$/);
    expect(await json<BuildView>(await fetch(url(`/api/builds/${build.id}`)))).toEqual(build);
    expect((await json<{ reason: string }>(await fetch(url('/api/builds/zzzzzzzzzz')), 404)).reason).toBe('unknown-build');
  });

  it('refuses bad bodies with the reason: unknown codes, unknown categories, a price, an oversized body', async () => {
    const unknown = await json<{ error: string; reason: string; details: string }>(await post('/api/builds', { model: 'astrale-2025', configuration: { paint: 'P-NOPE' } }), 400);
    expect(unknown).toMatchObject({ reason: 'bad-configuration' });
    expect(unknown.error).toMatch(/^builds: /);
    expect((await json<{ reason: string }>(await post('/api/builds', { model: 'astrale-2025', configuration: { roof: 'R-GLASS' } }), 400)).reason).toBe('bad-request');
    expect((await json<{ reason: string }>(await post('/api/builds', { model: 'astrale-2025', configuration: {}, price: 1 }), 400)).reason).toBe('bad-request');
    expect((await post('/api/builds', { model: 'astrale-2025', configuration: {}, pad: 'x'.repeat(5000) })).status).toBe(413);
  });

  it('sends the build to a dealer from the registry with consent, and the dealer reads it in the console; nobody else does', async () => {
    const dealers = await json<LeadDealer[]>(await fetch(url('/api/leads/dealers')));
    const paris = dealers.find((d) => d.name === 'Marque Paris Étoile');
    expect(paris).toMatchObject({ city: 'Paris' });

    const noConsent = await json<{ reason: string; details: string }>(
      await post('/api/leads', { buildId: build.id, dealer: paris!.id, name: 'Ana', contact: { email: 'ana@example.com' }, consent: false }),
      400,
    );
    expect(noConsent.details).toMatch(/tick the consent box/);

    const sent = await json<{ id: string; eraseToken: string }>(
      await post('/api/leads', { buildId: build.id, dealer: paris!.id, name: 'Ana', contact: { email: 'ana@example.com' }, message: 'A test drive, please.', consent: true }),
      201,
    );
    const leads = await json<LeadView[]>(await fetch(url('/api/dealer/leads'), { headers: bearer(staffToken) }));
    expect(leads.find((l) => l.id === sent.id)).toMatchObject({ name: 'Ana', contact: { email: 'ana@example.com' }, build: { id: build.id, names: { paint: 'Rouge Passion' } } });

    expect((await json<{ reason: string }>(await fetch(url('/api/dealer/leads')), 401)).reason).toBeDefined();
    const owner = await world.signIn(world.accounts[1]!);
    expect((await json<{ reason: string }>(await fetch(url('/api/dealer/leads'), { headers: bearer(owner) }), 403)).reason).toBe('not-dealer');

    expect((await json<{ erased: boolean }>(await post(`/api/leads/${sent.id}/erase`, { token: sent.eraseToken }))).erased).toBe(true);
    const after = await json<LeadView[]>(await fetch(url('/api/dealer/leads'), { headers: bearer(staffToken) }));
    expect(after.find((l) => l.id === sent.id)).toBeUndefined();
  });

  it('limits requests to dealers per address: a burst of five, then 429 saying what and when', async () => {
    const dealers = await json<LeadDealer[]>(await fetch(url('/api/leads/dealers')));
    const answers: number[] = [];
    // The previous test spent two of the five (the refused one and the sent one) and the erasure one.
    for (let i = 0; i < 5; i++) {
      const response = await post('/api/leads', { buildId: build.id, dealer: dealers[0]!.id, name: 'Flood', contact: { email: `flood${i}@example.com` }, consent: true });
      answers.push(response.status);
      if (response.status === 429) {
        const refused = (await response.json()) as { reason: string; error: string };
        expect(refused.reason).toBe('rate-limited');
        expect(refused.error).toMatch(/requests to dealers/);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(answers).toContain(429);
  });
});

describe('GET /api/manuals/:model', () => {
  it('answers the manual with its pictures inlined, and 404 naming the manuals there are', async () => {
    const manual = await json<ManualView>(await fetch(url('/api/manuals/astrale-2025')));
    expect(manual.topics.find((t) => t.id === 'tyre-pressures')).toMatchObject({ kind: 'tyres', hotspot: { part: 'wheel_fl' } });
    expect(manual.topics.flatMap((t) => t.steps).some((s) => s.svg?.startsWith('<svg'))).toBe(true);
    const missing = await json<{ reason: string; details: string }>(await fetch(url('/api/manuals/mistral-1957')), 404);
    expect(missing).toMatchObject({ reason: 'unknown-manual' });
    expect(missing.details).toMatch(/astrale-2025/);
  });
});
