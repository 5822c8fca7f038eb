import { afterAll, beforeAll, expect, it } from 'vitest';
import { BUILD_ID_PATTERN, LEAD_CONSENT_TEXT, leadInputSchema, type LeadInput } from '../../../protocol/src/builds-api';
import { MarqueError } from '../../../protocol/src/errors';
import { openDatabase, type Database } from '../db/database';
import { PersonalDataRegistry } from '../privacy/personal-data';
import { describeEachDatabase } from '../testing/each-database';
import { freshDatabases } from '../testing/fresh-database';
import { Builds } from './builds';

const PUBLIC_URL = 'http://localhost:5173';
const DEALER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const REVOKED = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';
const CENTRE = '0x90f79bf6eb2c4f870365e785982e1f101e93b906';
const VISITOR_WALLET = '0x15d34aaf54267db7d7c367839aaf71a00a2c6a65';

const databases = freshDatabases('marque-builds');
afterAll(() => databases.cleanup());

/** The error `work` rejects with, for asserting its status and reason. */
async function refusal(work: Promise<unknown>): Promise<MarqueError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MarqueError);
  return error as MarqueError;
}

describeEachDatabase('builds', 'the public configurator\'s builds and requests to dealers ($kind database)', (kind) => {
  let db: Database;
  let builds: Builds;

  beforeAll(async () => {
    db = await openDatabase(await databases.fresh(kind));
    builds = new Builds(db, { publicUrl: PUBLIC_URL });
    await db.query(
      `insert into dealers (address, name, city, kind, registered_by, revoked_at) values
        ($1, 'Marque Lyon', 'Lyon', 'dealer', 'test', null),
        ($2, 'Marque Nice', 'Nice', 'dealer', 'test', now()),
        ($3, 'Atelier Nord', 'Lille', 'service-centre', 'test', null)`,
      [DEALER, REVOKED, CENTRE],
    );
  });
  afterAll(() => db?.close());

  const lead = (buildId: string, overrides: Partial<LeadInput> = {}): LeadInput =>
    leadInputSchema.parse({ buildId, dealer: DEALER, name: 'Camille', contact: { email: 'camille@example.com' }, message: 'Saturday mornings suit me.', consent: true, ...overrides });

  it('saves a build of the current model under a short id, reads it back by its link with every code named, and never a price', async () => {
    const saved = await builds.save({ model: 'astrale-2025', configuration: { paint: 'P-GRAPHITE-MAT', caliper: 'C-ROUGE' } });
    expect(saved.id).toMatch(BUILD_ID_PATTERN);
    expect(saved.url).toBe(`${PUBLIC_URL}/?zone=museum&build=${saved.id}`);
    // Left-out categories are the model's defaults, so the link shows exactly one car.
    expect(saved.configuration).toEqual({ paint: 'P-GRAPHITE-MAT', wheel: 'W-ARGENT-20', caliper: 'C-ROUGE', interior: 'I-NOIR', trim: 'T-CHROME-FONCE' });
    expect(saved.names.paint).toBe('Graphite Mat');
    expect(saved.modelName).toBe('Astrale GT');
    expect(await builds.get(saved.id)).toEqual(saved);
    expect(JSON.stringify(saved)).not.toMatch(/price|€|\$|discount/i);

    const other = await builds.save({ model: 'astrale-2025', configuration: {} });
    expect(other.id).not.toBe(saved.id);
  });

  it('refuses a code the catalogue does not know, a model the configurator does not offer, and unknown or malformed ids, each saying why', async () => {
    const unknown = await refusal(builds.save({ model: 'astrale-2025', configuration: { paint: 'P-ROSE-BONBON' } }));
    expect([unknown.status, unknown.reason]).toEqual([400, 'bad-configuration']);
    expect(unknown.message).toMatch(/^builds: /);
    expect(unknown.details).toMatch(/"P-ROSE-BONBON" is not a paint code/);

    const misplaced = await refusal(builds.save({ model: 'astrale-2025', configuration: { paint: 'W-ARGENT-20' } }));
    expect(misplaced.reason).toBe('bad-configuration');

    const old = await refusal(builds.save({ model: 'mistral-1957', configuration: {} }));
    expect([old.status, old.reason]).toEqual([400, 'not-configurable']);
    expect(old.message).toMatch(/Mistral Spider cannot be configured here/);

    expect((await refusal(builds.get('zzzzzzzzzz'))).reason).toBe('unknown-build');
    expect((await refusal(builds.get("1' or '1'='1"))).reason).toBe('bad-build-id');
  });

  it('lists the registered dealers a build can go to: not revoked ones, not service centres', async () => {
    expect(await builds.dealers()).toEqual([{ id: DEALER, name: 'Marque Lyon', city: 'Lyon' }]);
  });

  it('sends a build to a dealer with the consent\'s words stored beside it; only that dealer reads it, with the build', async () => {
    const build = await builds.save({ model: 'astrale-2025', configuration: { paint: 'P-BLANC-NACRE' } });
    const sent = await builds.sendLead(lead(build.id));
    const [request] = await builds.leadsFor(DEALER.toUpperCase().replace('0X', '0x'));
    expect(request).toMatchObject({
      id: sent.id,
      name: 'Camille',
      contact: { email: 'camille@example.com' },
      message: 'Saturday mornings suit me.',
      consent: { text: LEAD_CONSENT_TEXT },
      build: { id: build.id, configuration: { paint: 'P-BLANC-NACRE' }, names: { paint: 'Blanc Nacré' } },
    });
    expect(Date.parse(request!.consent.at)).not.toBeNaN();
    expect(await builds.leadsFor(CENTRE)).toEqual([]);
  });

  it('refuses a request to an unknown, revoked or service-centre dealer, for an unknown build, and the same request twice', async () => {
    const build = await builds.save({ model: 'astrale-2025', configuration: {} });
    for (const dealer of [REVOKED, CENTRE, '0x0000000000000000000000000000000000000001']) {
      const refused = await refusal(builds.sendLead(lead(build.id, { dealer })));
      expect([refused.status, refused.reason]).toEqual([404, 'unknown-dealer']);
    }
    expect((await refusal(builds.sendLead(lead('zzzzzzzzzz')))).reason).toBe('unknown-build');

    await builds.sendLead(lead(build.id, { contact: { phone: '+33 6 12 34 56 78' } }));
    const twice = await refusal(builds.sendLead(lead(build.id, { contact: { phone: '+33 6 12 34 56 78' } })));
    expect([twice.status, twice.reason]).toEqual([409, 'duplicate-lead']);
    // Another way to be reached is another request.
    await builds.sendLead(lead(build.id, { contact: { email: 'other@example.com' } }));
  });

  it('the request\'s body is checked: consent must be ticked, a contact given and well formed', () => {
    const base = { buildId: 'abcdefghjk', dealer: DEALER, name: 'Camille', contact: { email: 'camille@example.com' }, consent: true };
    expect(leadInputSchema.safeParse(base).success).toBe(true);
    const problems = (body: unknown) => leadInputSchema.safeParse(body).error?.issues.map((i) => i.message).join('; ');
    expect(problems({ ...base, consent: false })).toMatch(/tick the consent box/);
    expect(problems({ ...base, contact: {} })).toMatch(/give an e-mail address or a phone number/);
    expect(problems({ ...base, contact: { email: 'not-an-address' } })).toMatch(/e-mail address/);
    expect(problems({ ...base, contact: { phone: 'call me' } })).toMatch(/phone number/);
    expect(problems({ ...base, name: '   ' })).toMatch(/give a name/);
    expect(problems({ ...base, price: 1 })).toBeDefined();
  });

  it('a request is erased with its own erase token (and not with another), and through the privacy registry when sent signed in', async () => {
    const build = await builds.save({ model: 'astrale-2025', configuration: {} });
    const mine = await builds.sendLead(lead(build.id, { contact: { email: 'erase-me@example.com' } }));
    const theirs = await builds.sendLead(lead(build.id, { contact: { email: 'keep-me@example.com' } }));
    expect((await refusal(builds.eraseLead(mine.id, theirs.eraseToken))).reason).toBe('unknown-lead');
    await builds.eraseLead(mine.id, mine.eraseToken);
    const emails = (await builds.leadsFor(DEALER)).map((l) => l.contact.email);
    expect(emails).not.toContain('erase-me@example.com');
    expect(emails).toContain('keep-me@example.com');
    expect((await refusal(builds.eraseLead(mine.id, mine.eraseToken))).reason).toBe('unknown-lead');

    const registry = new PersonalDataRegistry(db).register(Builds.personalDataSource());
    await builds.sendLead(lead(build.id, { contact: { email: 'signed-in@example.com' } }), VISITOR_WALLET);
    const exported = await registry.export({ address: VISITOR_WALLET });
    expect(exported.sources[0]!.data).toEqual([expect.objectContaining({ email: 'signed-in@example.com', consent_text: LEAD_CONSENT_TEXT })]);
    const erased = await registry.erase({ address: VISITOR_WALLET });
    expect(erased.sources).toEqual([{ name: 'dealer-requests', erased: 1 }]);
    expect((await builds.leadsFor(DEALER)).map((l) => l.contact.email)).not.toContain('signed-in@example.com');
  });
});
