import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { CURRENT_MODEL_ID, CAR_MODELS } from '../../../assets/src/cars/models';
import { VARIANT_CATEGORIES } from '../../../protocol/src/catalogue';
import {
  BUILD_ID_ALPHABET,
  BUILD_ID_LENGTH,
  BUILD_ID_PATTERN,
  LEAD_CONSENT_TEXT,
  type BuildInput,
  type BuildView,
  type LeadDealer,
  type LeadInput,
  type LeadView,
} from '../../../protocol/src/builds-api';
import { MarqueError } from '../../../protocol/src/errors';
import type { ConfigurationCodes } from '../../../protocol/src/twin-api';
import type { Database } from '../db/database';
import type { PersonalDataSource } from '../privacy/personal-data';
import { tableSource } from '../privacy/personal-data';
import { checkConfiguration, checkModelConfiguration, codeName } from '../twins/configurations';

const UNIT = 'builds';

/** A request sent again within this time (same build, dealer and contact) is refused as a double. */
const DOUBLE_LEAD_MS = 24 * 60 * 60 * 1000;
/** Most requests one dealer's console lists, newest first. */
const DEALER_LEADS_LIMIT = 200;

/** Options of {@link Builds}. */
export interface BuildsOptions {
  /** Origin visitors open: share links are `PUBLIC_URL/?zone=museum&build=<id>`. */
  publicUrl: string;
  /** Models a visitor may configure; the current model by default. */
  models?: readonly string[];
}

/** What `sendLead` answers: the request's id and the token that erases it (shown once, never stored). */
export interface SentLead {
  id: string;
  eraseToken: string;
}

/**
 * The public configurator's server side: builds saved by anyone under a short id (validated
 * against the catalogue and what the model offers), and requests that send a build to a
 * registered dealer with the visitor's contact and consent, which only that dealer reads and the
 * visitor can erase. No prices anywhere: a build is codes and their names.
 */
export class Builds {
  private readonly models: readonly string[];

  constructor(
    private readonly db: Database,
    private readonly options: BuildsOptions,
  ) {
    this.models = options.models ?? [CURRENT_MODEL_ID];
  }

  /**
   * Saves a build and returns it with its share link.
   * @throws MarqueError 400 `not-configurable` for a model the public configurator does not offer,
   * `bad-configuration` naming each unknown or unoffered code.
   */
  async save(input: BuildInput): Promise<BuildView> {
    if (!this.models.includes(input.model)) {
      throw new MarqueError(UNIT, `the ${modelName(input.model) ?? `"${input.model}"`} cannot be configured here`, {
        status: 400,
        reason: 'not-configurable',
        details: `the configurator offers ${this.models.join(', ')}`,
      });
    }
    const codes = this.check(input.model, input.configuration);
    // Ten characters of 31: a collision is a one-in-10^14 event, but a retry costs nothing.
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = buildId();
      const rows = await this.db.query<BuildRow>(
        'insert into builds (id, model, codes) values ($1, $2, $3) on conflict (id) do nothing returning *',
        [id, input.model, JSON.stringify(codes)],
      );
      if (rows[0]) return this.view(rows[0]);
    }
    throw new MarqueError(UNIT, 'could not find a free build id; try again', { status: 503, reason: 'busy' });
  }

  /** A saved build; @throws MarqueError 404 `unknown-build` (400 `bad-build-id` for a malformed id). */
  async get(id: string): Promise<BuildView> {
    return this.view(await this.row(id));
  }

  /** The registered dealers a build may be sent to (not service centres, not revoked), by name. */
  async dealers(): Promise<LeadDealer[]> {
    const rows = await this.db.query<{ address: string; name: string; city: string }>(
      "select address, name, city from dealers where kind = 'dealer' and revoked_at is null order by name, city",
    );
    return rows.map((r) => ({ id: r.address, name: r.name, city: r.city }));
  }

  /**
   * Sends a build to a dealer with the visitor's contact and consent (stored with its exact words).
   * `wallet`: the visitor's, when they were signed in, so the privacy page can erase it too.
   * @throws MarqueError 404 `unknown-build`, 404 `unknown-dealer` (not registered, revoked, or a
   * service centre), 409 `duplicate-lead` for the same request again within a day.
   */
  async sendLead(input: LeadInput, wallet?: string): Promise<SentLead> {
    await this.row(input.buildId);
    const dealer = input.dealer.toLowerCase();
    const [registered] = await this.db.query(
      "select 1 from dealers where address = $1 and kind = 'dealer' and revoked_at is null",
      [dealer],
    );
    if (!registered) {
      throw new MarqueError(UNIT, `${input.dealer} is not a dealer a build can be sent to`, {
        status: 404,
        reason: 'unknown-dealer',
        details: 'choose one from GET /api/leads/dealers',
      });
    }
    const email = input.contact.email?.toLowerCase();
    const phone = input.contact.phone;
    const [double] = await this.db.query(
      `select 1 from build_leads where build_id = $1 and dealer = $2 and created_at > $3
         and (email is not distinct from $4) and (phone is not distinct from $5)`,
      [input.buildId, dealer, new Date(Date.now() - DOUBLE_LEAD_MS), email ?? null, phone ?? null],
    );
    if (double) {
      throw new MarqueError(UNIT, 'this build was already sent to this dealer with these details today', {
        status: 409,
        reason: 'duplicate-lead',
        details: 'the dealer has your request and will contact you',
      });
    }
    const id = `L${randomBytes(9).toString('base64url')}`;
    const eraseToken = randomBytes(24).toString('base64url');
    await this.db.query(
      `insert into build_leads (id, build_id, dealer, name, email, phone, message, wallet, erase_token_hash, consent_text, consented_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())`,
      [id, input.buildId, dealer, input.name, email ?? null, phone ?? null, input.message || null, wallet?.toLowerCase() ?? null, hashToken(eraseToken), LEAD_CONSENT_TEXT],
    );
    return { id, eraseToken };
  }

  /**
   * Erases a request with the token it was answered with.
   * @throws MarqueError 404 `unknown-lead` for an unknown id or a wrong token (the same answer, so
   * nobody learns which requests exist).
   */
  async eraseLead(id: string, token: string): Promise<void> {
    const [row] = await this.db.query<{ erase_token_hash: string }>('select erase_token_hash from build_leads where id = $1', [id]);
    const given = Buffer.from(hashToken(token), 'hex');
    if (!row || !timingSafeEqual(Buffer.from(row.erase_token_hash, 'hex'), given)) {
      throw new MarqueError(UNIT, 'no request with this id and erase token', { status: 404, reason: 'unknown-lead', details: 'it may be erased already' });
    }
    await this.db.query('delete from build_leads where id = $1', [id]);
  }

  /** The requests sent to `dealer`, newest first, each with its build. */
  async leadsFor(dealer: string): Promise<LeadView[]> {
    const rows = await this.db.query<LeadRow>(
      `select l.*, b.model, b.codes, b.created_at as build_created_at from build_leads l join builds b on b.id = l.build_id
        where l.dealer = $1 order by l.created_at desc limit ${DEALER_LEADS_LIMIT}`,
      [dealer.toLowerCase()],
    );
    return rows.map((r) => ({
      id: r.id,
      createdAt: iso(r.created_at),
      name: r.name,
      contact: { ...(r.email ? { email: r.email } : {}), ...(r.phone ? { phone: r.phone } : {}) },
      ...(r.message ? { message: r.message } : {}),
      consent: { text: r.consent_text, at: iso(r.consented_at) },
      build: this.view({ id: r.build_id, model: r.model, codes: r.codes, created_at: r.build_created_at }),
    }));
  }

  /** The requests' place in the privacy registry: those sent while signed in, by wallet. */
  static personalDataSource(): PersonalDataSource {
    return tableSource({
      name: 'dealer-requests',
      what: 'Builds you sent to a dealer while signed in: your name, contact details, message and the consent you gave',
      where: "Marque's database (table build_leads); the dealer you chose reads it in the dealer console",
      why: 'So the dealer you chose can contact you about your build, with the consent you ticked',
      retention: 'Until you erase it (here, or with the erase link the request gave you)',
      table: 'build_leads',
      column: 'wallet',
      columns: ['id', 'build_id', 'dealer', 'name', 'email', 'phone', 'message', 'consent_text', 'consented_at', 'created_at'],
    });
  }

  private check(model: string, configuration: BuildInput['configuration']): ConfigurationCodes {
    const codes = Object.fromEntries(Object.entries(configuration).filter(([, code]) => code !== undefined)) as ConfigurationCodes;
    let clean: ConfigurationCodes;
    try {
      clean = checkConfiguration(codes);
    } catch (error) {
      if (!(error instanceof MarqueError)) throw error;
      throw new MarqueError(UNIT, error.shortMessage, { status: 400, reason: error.reason, details: error.details, cause: error });
    }
    checkModelConfiguration(model, clean, UNIT);
    return clean;
  }

  private async row(id: string): Promise<BuildRow> {
    if (!BUILD_ID_PATTERN.test(id)) {
      throw new MarqueError(UNIT, `"${id.slice(0, 40)}" is not a build id`, { status: 400, reason: 'bad-build-id', details: 'a build id is the 10 characters after build= in a share link' });
    }
    const [row] = await this.db.query<BuildRow>('select * from builds where id = $1', [id]);
    if (!row) throw new MarqueError(UNIT, `no build ${id}`, { status: 404, reason: 'unknown-build', details: 'check the link; save the build again to get a new one' });
    return row;
  }

  private view(row: BuildRow): BuildView {
    const saved = (typeof row.codes === 'string' ? JSON.parse(row.codes) : row.codes) as ConfigurationCodes;
    const car = CAR_MODELS.find((c) => c.id === row.model);
    const configuration: Record<string, string> = {};
    const names: Record<string, string> = {};
    for (const category of VARIANT_CATEGORIES) {
      const code = saved[category] ?? car?.variants[category][0];
      if (!code) continue;
      configuration[category] = code;
      names[category] = codeName(category, code) ?? code;
    }
    const url = new URL(this.options.publicUrl);
    url.searchParams.set('zone', 'museum');
    url.searchParams.set('build', row.id);
    return { id: row.id, model: row.model, modelName: car?.name ?? row.model, configuration, names, createdAt: iso(row.created_at), url: url.href };
  }
}

interface BuildRow {
  id: string;
  model: string;
  codes: ConfigurationCodes | string;
  created_at: Date | string;
}

interface LeadRow {
  id: string;
  build_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  message: string | null;
  consent_text: string;
  consented_at: Date | string;
  created_at: Date | string;
  model: string;
  codes: ConfigurationCodes | string;
  build_created_at: Date | string;
}

function buildId(): string {
  let id = '';
  for (let i = 0; i < BUILD_ID_LENGTH; i++) id += BUILD_ID_ALPHABET[randomInt(BUILD_ID_ALPHABET.length)];
  return id;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

function modelName(model: string): string | undefined {
  return CAR_MODELS.find((c) => c.id === model)?.name;
}
