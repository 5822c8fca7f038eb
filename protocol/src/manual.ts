import { z } from 'zod';

/**
 * A car's interactive manual: short how-to topics, each tied to a hotspot on a named part of
 * the car. Authored as data per model in `assets/catalogue/manuals/<model>.json` (pictures as
 * small SVG files beside it), checked against this schema and the model's parts when loaded and
 * in a test; served by `GET /api/manuals/:model` with the pictures inlined as SVG markup.
 */

/** What a topic is about; the panel groups and badges by it. */
export const MANUAL_TOPIC_KINDS = ['controls', 'lights', 'charging', 'fuel', 'tyres', 'boot', 'maintenance'] as const;
export type ManualTopicKind = (typeof MANUAL_TOPIC_KINDS)[number];

/** Headings of the kinds, as the panel shows them. */
export const MANUAL_KIND_LABELS: Readonly<Record<ManualTopicKind, string>> = {
  controls: 'Controls',
  lights: 'Lights',
  charging: 'Charging',
  fuel: 'Fuel',
  tyres: 'Tyres and pressures',
  boot: 'The boot',
  maintenance: 'Maintenance',
};

const unit = z.number().min(0).max(1);

/** One step: a sentence, and the file name of a picture beside the manual (an SVG). */
const step = z.strictObject({
  text: z.string().min(1).max(400),
  picture: z
    .string()
    .regex(/^[a-z0-9-]+\.svg$/, 'a picture is an .svg file name beside the manual, e.g. tyre-gauge.svg')
    .optional(),
});

/** A hotspot: the part of the car (a node name of the model) and where on the car it sits. */
const hotspot = z.strictObject({
  /** A node of the model's glTF (`lights`, `wheel_fl`, `body`, `door_l` …). */
  part: z.string().regex(/^[a-z0-9_]+$/),
  /**
   * Where the hotspot sits in the car's bounding box, each 0–1: x from the car's right (−X) to
   * its left (+X), y from the ground to the roof, z from the rear (−Z) to the front (+Z). It must
   * fall on (or within a hand's width of) the named part; a test checks it.
   */
  at: z.tuple([unit, unit, unit]),
});

/** One how-to topic. */
const topic = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lower-case words joined by dashes'),
  kind: z.enum(MANUAL_TOPIC_KINDS),
  title: z.string().min(1).max(80),
  summary: z.string().min(1).max(240),
  hotspot,
  steps: z.array(step).min(1).max(8),
  /** Extra words people search by (`pressure`, `psi`, `trunk`). */
  keywords: z.array(z.string().min(1).max(40)).max(20).default([]),
});

/** The manual of one model, as authored. */
export const manualSchema = z
  .strictObject({
    model: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1).max(120),
    topics: z.array(topic).min(1).max(40),
  })
  .superRefine((manual, ctx) => {
    const seen = new Set<string>();
    manual.topics.forEach((t, i) => {
      if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: `"${t.id}" is used by two topics` });
      seen.add(t.id);
    });
  });

export type Manual = z.infer<typeof manualSchema>;
export type ManualTopic = Manual['topics'][number];
export type ManualStep = ManualTopic['steps'][number];

/** The languages a manual may be translated into (English is the manual itself). */
export const MANUAL_LANGUAGES = ['fr', 'de', 'it', 'zh', 'ja'] as const;
export type ManualLanguage = (typeof MANUAL_LANGUAGES)[number];

/** One topic's words in another language: the same steps, in the same order. */
const topicTranslation = z.strictObject({
  title: z.string().min(1).max(80),
  summary: z.string().min(1).max(240),
  steps: z.array(z.string().min(1).max(400)).min(1).max(8),
  /** The words people search by in that language (the English ones still find the topic). */
  keywords: z.array(z.string().min(1).max(40)).max(20).default([]),
});

/**
 * A manual's words in one language, authored beside it as `<model>.<language>.json`: the title
 * and every topic's, by the topic's id. Hotspots, kinds and pictures are the manual's own; the
 * loader checks that every topic is there with as many steps as the English one.
 */
export const manualTranslationSchema = z.strictObject({
  model: z.string().regex(/^[a-z0-9-]+$/),
  language: z.enum(MANUAL_LANGUAGES),
  title: z.string().min(1).max(120),
  topics: z.record(z.string().regex(/^[a-z0-9-]+$/), topicTranslation),
});
export type ManualTranslation = z.infer<typeof manualTranslationSchema>;

/**
 * `GET /api/manuals/:model`: the manual with each step's picture as SVG markup, and its
 * translations (the page shows the one of its language, English where there is none).
 */
export interface ManualView extends Omit<Manual, 'topics'> {
  topics: (Omit<ManualTopic, 'steps'> & { steps: (ManualStep & { svg?: string })[] })[];
  translations?: Partial<Record<ManualLanguage, Omit<ManualTranslation, 'model' | 'language'>>>;
}
