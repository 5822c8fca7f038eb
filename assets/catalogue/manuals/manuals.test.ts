import { getBounds, type Node } from '@gltf-transform/core';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANUAL_LANGUAGES, MANUAL_TOPIC_KINDS } from '../../../protocol/src/manual';
import { buildCar } from '../../src/cars/build-car';
import { CAR_MODELS, CURRENT_MODEL_ID } from '../../src/cars/models';
import { MANUALS_DIR, readManual, readManuals, svgProblem } from './manuals';

/** How far (metres) a hotspot may sit off its part's bounds: a hand's width, so it can float just outside the surface. */
const REACH = 0.15;

const manuals = readManuals();
const temp: string[] = [];
afterAll(async () => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('the cars\' manuals (assets/catalogue/manuals)', () => {
  it('the current model has a manual covering controls, lights, charging or fuel, tyres, the boot and maintenance', () => {
    const manual = manuals.get(CURRENT_MODEL_ID);
    expect(manual, `${CURRENT_MODEL_ID}.json in ${MANUALS_DIR}`).toBeDefined();
    const kinds = new Set(manual!.topics.map((t) => t.kind));
    for (const kind of ['controls', 'lights', 'tyres', 'boot', 'maintenance'] as const) expect(kinds, kind).toContain(kind);
    expect(kinds.has('charging') || kinds.has('fuel')).toBe(true);
    expect([...kinds].every((k) => MANUAL_TOPIC_KINDS.includes(k))).toBe(true);
    // Pictures are inlined as SVG markup for the page.
    expect(manual!.topics.flatMap((t) => t.steps).filter((s) => s.svg?.startsWith('<svg')).length).toBeGreaterThanOrEqual(5);
  });

  // Every hotspot names a node the model's source has, and sits on that part of the built car.
  for (const [model, manual] of manuals) {
    it(`${model}: every hotspot names a part of the car built from assets/src and sits on it`, () => {
      const car = CAR_MODELS.find((c) => c.id === model);
      expect(car, `${model} in assets/src/cars/models.ts`).toBeDefined();
      const doc = buildCar(car!.params);
      const nodes = new Map(doc.getRoot().listNodes().map((node): [string, Node] => [node.getName(), node]));
      const root = nodes.get(model)!;
      const carBox = getBounds(root);
      const misplaced: string[] = [];
      for (const topic of manual.topics) {
        const part = nodes.get(topic.hotspot.part);
        expect(part, `${topic.id}: node "${topic.hotspot.part}"`).toBeDefined();
        const box = getBounds(part!);
        const point = topic.hotspot.at.map((u, i) => carBox.min[i]! + u * (carBox.max[i]! - carBox.min[i]!));
        const off = point.map((v, i) => Math.max(box.min[i]! - v, v - box.max[i]!, 0));
        if (Math.hypot(...off) > REACH) misplaced.push(`${topic.id}: ${point.map((v) => v.toFixed(2))} is ${Math.hypot(...off).toFixed(2)} m off ${topic.hotspot.part} [${box.min.map((v) => v.toFixed(2))}]–[${box.max.map((v) => v.toFixed(2))}]`);
      }
      expect(misplaced).toEqual([]);
    });
  }

  it('refuses a manual naming a part the car does not have, a missing picture and an unsafe one, all at once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'marque-manual-'));
    temp.push(dir);
    await mkdir(path.join(dir, 'pictures'));
    await writeFile(path.join(dir, 'pictures', 'bad.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const topic = (id: string, part: string, picture: string) => ({ id, kind: 'boot', title: id, summary: id, hotspot: { part, at: [0.5, 0.5, 0.5] }, steps: [{ text: 'x', picture }] });
    await writeFile(
      path.join(dir, 'astrale-2025.json'),
      JSON.stringify({ model: 'astrale-2025', title: 't', topics: [topic('a', 'spoiler', 'none.svg'), topic('b', 'body', 'bad.svg')] }),
    );
    const attempt = () => readManual(path.join(dir, 'astrale-2025.json'));
    expect(attempt).toThrow(/3 problems/);
    expect(attempt).toThrow(/"spoiler" is not a part of the car/);
    expect(attempt).toThrow(/no file pictures\/none\.svg/);
    expect(attempt).toThrow(/bad\.svg has a script/);

    await writeFile(path.join(dir, 'astrale-2025.json'), JSON.stringify({ model: 'astrale-2025', title: 't', topics: [{ ...topic('a', 'body', 'x.svg'), kind: 'radio' }] }));
    expect(attempt).toThrow(/topics\.0\.kind/);
  });

  it('the current model\'s manual is translated into every language the page speaks, each topic with its steps', () => {
    const manual = manuals.get(CURRENT_MODEL_ID)!;
    expect(Object.keys(manual.translations ?? {}).sort()).toEqual([...MANUAL_LANGUAGES].sort());
    for (const language of MANUAL_LANGUAGES) {
      const translation = manual.translations![language]!;
      for (const topic of manual.topics) {
        const words = translation.topics[topic.id];
        expect(words, `${language}: ${topic.id}`).toBeDefined();
        expect(words!.steps, `${language}: ${topic.id}`).toHaveLength(topic.steps.length);
        // Translated, not copied: no topic's title is the English one.
        expect(words!.title, `${language}: ${topic.id}`).not.toBe(topic.title);
      }
    }
  });

  it('refuses a translation that leaves out a topic, adds one, or has another number of steps', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'marque-manual-'));
    temp.push(dir);
    const topic = (id: string, steps: number) => ({ id, kind: 'boot', title: id, summary: id, hotspot: { part: 'body', at: [0.5, 0.5, 0.5] }, steps: Array.from({ length: steps }, () => ({ text: 'x' })) });
    await writeFile(path.join(dir, 'astrale-2025.json'), JSON.stringify({ model: 'astrale-2025', title: 't', topics: [topic('a', 2), topic('b', 1)] }));
    const words = (steps: number) => ({ title: 'titre', summary: 'résumé', steps: Array.from({ length: steps }, () => 'étape') });
    await writeFile(path.join(dir, 'astrale-2025.fr.json'), JSON.stringify({ model: 'astrale-2025', language: 'fr', title: 'Manuel', topics: { a: words(1), c: words(1) } }));
    const attempt = () => readManual(path.join(dir, 'astrale-2025.json'));
    expect(attempt).toThrow(/3 problems/);
    expect(attempt).toThrow(/astrale-2025\.fr\.json topics\.a\.steps: 1 where astrale-2025\.json has 2/);
    expect(attempt).toThrow(/astrale-2025\.fr\.json topics\.b: missing/);
    expect(attempt).toThrow(/astrale-2025\.fr\.json topics\.c: no such topic/);

    // A right one is sent with the manual; readManuals reads it with its manual, not as one.
    await writeFile(path.join(dir, 'astrale-2025.fr.json'), JSON.stringify({ model: 'astrale-2025', language: 'fr', title: 'Manuel', topics: { a: words(2), b: words(1) } }));
    const all = readManuals(dir);
    expect([...all.keys()]).toEqual(['astrale-2025']);
    expect(all.get('astrale-2025')!.translations?.fr?.topics.a?.steps).toEqual(['étape', 'étape']);
    expect(all.get('astrale-2025')!.translations?.de).toBeUndefined();
  });

  it('an SVG with an event handler or an outside link is unfit to inline', () => {
    expect(svgProblem('<svg onload="x()"></svg>')).toMatch(/event handler/);
    expect(svgProblem('<svg><image href="https://example.com/a.png"/></svg>')).toMatch(/outside reference/);
    expect(svgProblem('<svg><rect fill="url(#g)"/></svg>')).toBeUndefined();
  });
});
