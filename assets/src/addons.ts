import raw from '../addons.json' with { type: 'json' };
import { stringToHex, type Hex } from 'viem';
import { z } from 'zod';
import { MarqueError } from '../../protocol/src/errors';
import { VARIANT_CATEGORIES, type VariantCategory } from '../../protocol/src/catalogue';
import { CATALOGUE } from './catalogue';
import { CAR_MODELS, type CarModel } from './cars/models';

/**
 * The approved digital-only add-ons (`assets/addons.json`): what an owner may apply to a twin
 * (`MarqueTwin.applyAddOn`) to change its current configuration. Each sets one or more catalogue
 * codes; it fits the cars that offer every code it sets.
 */

/** Add-on codes: `A-` then upper-case words, at most 32 bytes (they become a bytes32 on chain). */
const CODE = /^A-[A-Z0-9]+(-[A-Z0-9]+)*$/;

const entry = z.strictObject({
  /** Display name. */
  name: z.string().min(1).max(80),
  /** One or two sentences for the configurator. */
  description: z.string().min(1).max(400),
  /** Catalogue code per category it sets; at least one. */
  sets: z
    .strictObject(Object.fromEntries(VARIANT_CATEGORIES.map((c) => [c, z.string().optional()])) as Record<VariantCategory, z.ZodOptional<z.ZodString>>)
    .superRefine((sets, ctx) => {
      const categories = VARIANT_CATEGORIES.filter((c) => sets[c] !== undefined);
      if (categories.length === 0) ctx.addIssue({ code: 'custom', message: 'sets no category; name at least one catalogue code' });
      for (const category of categories) {
        const code = sets[category]!;
        if (!CATALOGUE[category][code]) {
          ctx.addIssue({
            code: 'custom',
            path: [category],
            message: `"${code}" is not a ${category} code of assets/catalogue.json (known: ${Object.keys(CATALOGUE[category]).join(', ')})`,
          });
        }
      }
    }),
});

/** The file's shape: code → add-on. */
export const addOnsSchema = z.record(z.string(), entry).superRefine((record, ctx) => {
  for (const code of Object.keys(record)) {
    if (!CODE.test(code)) ctx.addIssue({ code: 'custom', path: [code], message: 'add-on codes are A- then upper-case letters, digits and dashes, e.g. A-PACK-NOCTURNE' });
    else if (code.length > 32) ctx.addIssue({ code: 'custom', path: [code], message: `is ${code.length} characters; an add-on code fits in 32 bytes` });
  }
});

/** One approved add-on, as the server lists it. */
export interface AddOnDefinition {
  /** Short code, e.g. `A-PACK-NOCTURNE`. */
  code: string;
  /** The bytes32 on chain: {@link addOnId} of the code. */
  id: Hex;
  name: string;
  description: string;
  /** Catalogue code per category it sets. */
  sets: Partial<Record<VariantCategory, string>>;
  /** Ids of the cars that offer every code it sets, in line-up order. */
  models: string[];
}

/** The bytes32 of an add-on code on chain: its ASCII bytes, right-padded with zeros. */
export function addOnId(code: string): Hex {
  return stringToHex(code, { size: 32 });
}

/** The cars (of `cars`) that offer every code of `sets`. */
export function carsOffering(sets: Partial<Record<VariantCategory, string>>, cars: readonly CarModel[] = CAR_MODELS): string[] {
  return cars
    .filter((car) => VARIANT_CATEGORIES.every((c) => sets[c] === undefined || car.variants[c].includes(sets[c]!)))
    .map((car) => car.id);
}

/**
 * Checks an add-on catalogue and returns it in ascending id order (the order the contract keeps
 * a twin's add-ons in). Throws a {@link MarqueError} listing every problem with its path; an
 * add-on that fits no car is a problem too.
 */
export function parseAddOns(input: unknown, file = 'assets/addons.json', cars: readonly CarModel[] = CAR_MODELS): AddOnDefinition[] {
  const parsed = addOnsSchema.safeParse(input);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const list: AddOnDefinition[] = [];
  const entries = typeof input === 'object' && input !== null ? Object.entries(input) : [];
  for (const [code, value] of entries) {
    // Each well-formed entry is checked against the cars too, so one run reports everything.
    const one = entry.safeParse(value);
    if (!one.success || !CODE.test(code) || code.length > 32) continue;
    const addOn = one.data;
    const sets = Object.fromEntries(VARIANT_CATEGORIES.filter((c) => addOn.sets[c] !== undefined).map((c) => [c, addOn.sets[c]!]));
    const models = carsOffering(sets, cars);
    if (models.length === 0) problems.push(`${code}.sets: no car offers all of ${Object.values(sets).join(', ')}; it would fit none`);
    list.push({ code, id: addOnId(code), name: addOn.name, description: addOn.description, sets, models });
  }
  if (problems.length > 0) {
    throw new MarqueError('assets/addons', `${file} is not a valid add-on catalogue (${problems.length} problem${problems.length > 1 ? 's' : ''})`, {
      details: problems.join('; '),
    });
  }
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The marque's approved add-ons, `assets/addons.json`, checked at load, in ascending id order. */
export const ADD_ONS: readonly AddOnDefinition[] = parseAddOns(raw);
