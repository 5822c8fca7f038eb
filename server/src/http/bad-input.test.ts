import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../testing/http';
import { startTestWorld, type TestWorld } from '../testing/test-world';
import type { HttpServices } from './http-services';
import { createRoutes } from './routes';

/**
 * Every route of the API, on the real server, fed what a careless or hostile client sends: odd
 * path parameters, bodies that are not JSON, not objects, too deep, or full of what the database
 * cannot store (NUL, unpaired surrogates), with no session, a broken one, a guest's and the
 * staff wallet's (every role). Each answer is a 2xx or a 4xx, never a 500 (or any 5xx but the
 * chain's and relayer's 503s), and every refusal is in the API's error shape, naming its unit.
 */

let world: TestWorld;
const sessions: Record<string, Record<string, string>> = { none: {} };

beforeAll(async () => {
  // Rate limits off: this test is about what each handler does with bad input, not about floods.
  world = await startTestWorld({ env: { RATE_LIMIT_SCALE: '0' } });
  const guest = (await (await fetch(`${world.server.url}/api/auth/guest`, { method: 'POST' })).json()) as { token: string };
  sessions.broken = bearer('not.a.token');
  sessions.guest = bearer(guest.token);
  // Account 0: dealer, brand team and order desk, so role checks let the bad input through to the handler.
  sessions.staff = bearer(await world.signIn(world.deployment.deployer));
});

afterAll(() => world?.stop());

/** The API's routes, as the router has them (the helper's services are not called to list them). */
const endpoints = Object.values(createRoutes({} as HttpServices).endpoints as Record<string, { path: string; options: { method: string } }>).filter(
  (e) => e.path && !e.path.startsWith('/api/reference'),
);

const PARAMS = ['0', '-1', '1e400', 'x'.repeat(300), '%00', '%F0%9F', 'demo-launch', '99999999999999999999999999'];

const BODIES: (string | undefined)[] = [
  undefined,
  'not json',
  '[]',
  'null',
  '"text"',
  '{"a":"\\u0000"}',
  '{"summary":"\\ud800","scope":"\\udc00x","message":"\\u0000"}',
  '{"\\u0000":1}',
  '{"text":"why\\u0000?","note":"\\u0000","title":"\\ud800","name":"Ann","code":"\\udfff"}',
  `${'['.repeat(200)}${']'.repeat(200)}`,
  JSON.stringify({ message: 'x', signature: '0x' + 'ab'.repeat(10), code: 'x', token: 'y', public: 'yes', model: 1, scope: 'lounge', maxUses: -1, validHours: 1e9 }),
  JSON.stringify({ record: { tokenId: '1', kind: 0, mileage: 1, recordHash: '0x' + '0'.repeat(64), dealer: '0x' + '0'.repeat(40), nonce: '0', deadline: '1' }, signature: '0x00', details: { summary: 'x\u0000' } }),
];

/** `{ error: "<unit>: …", reason, details? }`. */
function inErrorShape(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: unknown; reason?: unknown };
    return typeof body.error === 'string' && /^[a-z-]+: ./.test(body.error) && typeof body.reason === 'string';
  } catch {
    return false;
  }
}

describe('bad input on every route', () => {
  it('lists the routes to try', () => {
    expect(endpoints.length).toBeGreaterThan(25);
  });

  for (const endpoint of endpoints) {
    const method = endpoint.options.method;
    it(`${method} ${endpoint.path}`, async () => {
      const paths = endpoint.path.includes(':') ? PARAMS.map((p) => endpoint.path.replace(/:[a-z]+/gi, p)) : [endpoint.path];
      const bodies = method === 'GET' ? [undefined] : BODIES;
      const problems: string[] = [];
      for (const path of paths) {
        for (const body of bodies) {
          for (const [who, headers] of Object.entries(sessions)) {
            const response = await fetch(`${world.server.url}${path}`, {
              method,
              headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
              body,
            });
            const text = await response.text();
            const what = `${method} ${path} ${who} ${body?.slice(0, 60) ?? '(no body)'} → ${response.status} ${text.slice(0, 160)}`;
            const allowed503 = response.status === 503 && /"reason":"(chain-unavailable|relay-unavailable|indexing|index-unavailable)"/.test(text);
            if (response.status >= 500 && !allowed503) problems.push(what);
            if (response.status >= 400 && !inErrorShape(text)) problems.push(`not in the error shape: ${what}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
