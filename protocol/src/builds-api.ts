import { z } from 'zod';
import { BUILD_ID_PATTERN } from './build-id';
import { VARIANT_CATEGORIES } from './catalogue';

/**
 * The public configurator's HTTP API: a visitor (no wallet, no sign-in) saves a build of the
 * current model under a short id, shares it by link, and sends it to a dealer with a way to be
 * contacted and an explicit consent. Never a price. Routes (errors `{ error, reason, details? }`):
 *
 * - `POST /api/builds` — body {@link BuildInput} → `201` {@link BuildView}.
 * - `GET  /api/builds/:id` — {@link BuildView}; `404 unknown-build`.
 * - `GET  /api/leads/dealers` — {@link LeadDealer}[]: the registered dealers a build can go to.
 * - `POST /api/leads` — body {@link LeadInput} → `201 { id }`.
 * - `GET  /api/dealer/leads` — a dealer's wallet session → {@link LeadView}[] sent to that dealer.
 */

export { BUILD_ID_ALPHABET, BUILD_ID_LENGTH, BUILD_ID_PATTERN } from './build-id';

const CODE = z.string().regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, 'a catalogue code, e.g. P-NOIR').max(40);

/** A configuration as sent: categories of the catalogue only, each a code. */
export const buildConfigurationSchema = z.strictObject(
  Object.fromEntries(VARIANT_CATEGORIES.map((category) => [category, CODE.optional()])) as Record<(typeof VARIANT_CATEGORIES)[number], z.ZodOptional<typeof CODE>>,
);

/** `POST /api/builds`: the model (the current one) and its codes. */
export const buildInputSchema = z.strictObject({
  model: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a model id such as astrale-2025'),
  configuration: buildConfigurationSchema,
});
export type BuildInput = z.infer<typeof buildInputSchema>;

/** A saved build, as anyone with its id sees it. */
export interface BuildView {
  id: string;
  model: string;
  modelName: string;
  /** Every category of the model, the model's default where the build left one out. */
  configuration: Record<string, string>;
  /** Display names of the codes, by category (`Bleu Minuit`). */
  names: Record<string, string>;
  createdAt: string;
  /** The link that opens the museum with this build on the car. */
  url: string;
}

/** A dealer a visitor may send a build to: a business, named by its registry entry. */
export interface LeadDealer {
  /** The dealer's registry key (its wallet address). */
  id: string;
  name: string;
  city: string;
}

/** The words a visitor agrees to; stored with the request, so what was agreed is known later. */
export const LEAD_CONSENT_TEXT =
  'I agree that Marque passes my name, contact details, message and this build to the dealer I chose, so that they can contact me about it. I can ask for this to be erased at any time.';

/** How a visitor wants to be contacted: an e-mail address, a phone number, or both. */
export const leadContactSchema = z
  .strictObject({
    email: z.string().trim().max(254).email('must be an e-mail address such as name@example.com').optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ().-]{6,24}$/, 'must be a phone number: digits, spaces, dashes, an optional leading +')
      .optional(),
  })
  .refine((contact) => contact.email !== undefined || contact.phone !== undefined, { message: 'give an e-mail address or a phone number' });

/** `POST /api/leads`: a build sent to a dealer, with the visitor's consent. */
export const leadInputSchema = z.strictObject({
  buildId: z.string().regex(BUILD_ID_PATTERN, 'a build id as the share link carries it'),
  dealer: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "a dealer's id from GET /api/leads/dealers"),
  name: z.string().trim().min(1, 'give a name the dealer may call you by').max(80),
  contact: leadContactSchema,
  message: z.string().trim().max(1000).optional(),
  /** Must be `true`: the box ticked under {@link LEAD_CONSENT_TEXT}. */
  consent: z.literal(true, { message: 'tick the consent box: without it the request cannot be sent' }),
});
export type LeadInput = z.infer<typeof leadInputSchema>;

/** A request as its dealer sees it in the console. */
export interface LeadView {
  id: string;
  createdAt: string;
  name: string;
  contact: { email?: string; phone?: string };
  message?: string;
  consent: { text: string; at: string };
  build: BuildView;
}
