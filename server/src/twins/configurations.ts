import type { Hex } from 'viem';
import { ADD_ONS, type AddOnDefinition } from '../../../assets/src/addons';
import { CATALOGUE } from '../../../assets/src/catalogue';
import { VARIANT_CATEGORIES, type VariantCategory } from '../../../protocol/src/catalogue';
import { CAR_MODELS } from '../../../assets/src/cars/models';
import type { Database, Queryable } from '../db/database';
import { MarqueError } from '../../../protocol/src/errors';
import type { ConfigurationCodes } from '../../../protocol/src/twin-api';
import { configurationHash } from '../../../protocol/src/twin-hashes';

/**
 * Ordered configurations, off chain. A twin keeps only the hash of the catalogue codes it was
 * ordered with (`configurationHash`, see ./hashes.ts); this table keeps the codes under that
 * hash, written by whatever mints (the local deployment's seed at start), so the codes can be
 * shown. Content-addressed: the same codes always have the same row, on any chain.
 */
export class ConfigurationStore {
  constructor(private readonly db: Database) {}

  /**
   * Keeps `codes` under their hash (idempotent) and returns the hash.
   * @throws MarqueError (400) when a category or a code is not in assets/catalogue.json.
   */
  async record(codes: ConfigurationCodes, tx: Queryable = this.db): Promise<Hex> {
    const clean = checkConfiguration(codes);
    const hash = configurationHash(clean);
    await tx.query(
      'insert into twin_configurations (configuration_hash, codes) values ($1, $2) on conflict (configuration_hash) do nothing',
      [hash, JSON.stringify(clean)],
    );
    return hash;
  }

  /** The codes of each hash that is known; unknown hashes are absent from the map. */
  async codesOf(hashes: readonly string[]): Promise<Map<string, ConfigurationCodes>> {
    const wanted = [...new Set(hashes.map((h) => h.toLowerCase()))];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.query<{ configuration_hash: string; codes: ConfigurationCodes | string }>(
      'select configuration_hash, codes from twin_configurations where configuration_hash = any($1::text[])',
      [wanted],
    );
    return new Map(rows.map((r) => [r.configuration_hash, typeof r.codes === 'string' ? JSON.parse(r.codes) : r.codes]));
  }
}

/** `codes` with only known categories and catalogue codes, in category order; throws naming what is wrong. */
export function checkConfiguration(codes: ConfigurationCodes): ConfigurationCodes {
  const problems: string[] = [];
  for (const key of Object.keys(codes)) {
    if (!VARIANT_CATEGORIES.includes(key as VariantCategory)) problems.push(`"${key}" is not a category (${VARIANT_CATEGORIES.join(', ')})`);
  }
  const clean: ConfigurationCodes = {};
  for (const category of VARIANT_CATEGORIES) {
    const code = codes[category];
    if (code === undefined) continue;
    if (!CATALOGUE[category][code]) problems.push(`"${code}" is not a ${category} code of assets/catalogue.json`);
    clean[category] = code;
  }
  if (problems.length > 0) {
    throw new MarqueError('twins', 'the configuration has codes the catalogue does not know', {
      status: 400,
      reason: 'bad-configuration',
      details: problems.join('; '),
    });
  }
  return clean;
}

/**
 * Checks that `model` is a car of the line-up and that it is offered with each code of
 * `configuration` (categories left out are the car's defaults).
 * @throws MarqueError 400 `bad-configuration` naming the model or the codes it is not offered
 * with, and what it is offered with instead.
 */
export function checkModelConfiguration(model: string, configuration: ConfigurationCodes, unit: string): void {
  const car = CAR_MODELS.find((c) => c.id === model);
  if (!car) {
    throw new MarqueError(unit, `"${model}" is not a model of the line-up`, {
      status: 400,
      reason: 'bad-configuration',
      details: `models: ${CAR_MODELS.map((c) => c.id).join(', ')}`,
    });
  }
  const notOffered = VARIANT_CATEGORIES.filter((c) => configuration[c] !== undefined && !car.variants[c].includes(configuration[c]));
  if (notOffered.length > 0) {
    throw new MarqueError(unit, `the ${car.name} is not offered with ${notOffered.map((c) => `${c} ${configuration[c]}`).join(', ')}`, {
      status: 400,
      reason: 'bad-configuration',
      details: notOffered.map((c) => `${c}: one of ${car.variants[c].join(', ')}`).join('; '),
    });
  }
}

/**
 * A twin's current configuration: the ordered codes, overridden by each applied add-on's `sets`
 * in ascending id order (the order the contract keeps them in; a later add-on wins a category).
 * An add-on unknown to the catalogue, or one that does not fit the twin's model (the car does not
 * offer what it sets), changes nothing.
 */
export function currentConfiguration(
  model: string,
  ordered: ConfigurationCodes,
  addOnIds: readonly string[],
  catalogue: readonly AddOnDefinition[] = ADD_ONS,
): ConfigurationCodes {
  const byId = new Map(catalogue.map((addOn) => [addOn.id.toLowerCase(), addOn]));
  const current: ConfigurationCodes = { ...ordered };
  for (const id of [...addOnIds].map((i) => i.toLowerCase()).sort()) {
    const addOn = byId.get(id);
    if (!addOn || !addOn.models.includes(model)) continue;
    Object.assign(current, addOn.sets);
  }
  return Object.fromEntries(VARIANT_CATEGORIES.filter((c) => current[c] !== undefined).map((c) => [c, current[c]]));
}

/** The catalogue's display name of a code (`P-NOIR` → `Noir Profond`), or the code when unknown. */
export function codeName(category: VariantCategory, code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  return CATALOGUE[category][code]?.name ?? code;
}
