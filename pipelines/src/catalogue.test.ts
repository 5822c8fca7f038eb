import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VARIANT_CATEGORIES } from '../../protocol/src/catalogue';
import { CATALOGUE_FILE, findFinish, loadCatalogue, parseCatalogue } from './catalogue';
import { MarqueError } from '../../protocol/src/errors';
import { REPO_ROOT } from './repo-root';

const finish = { name: 'Noir', baseColor: '#000000', metallic: 0.5, roughness: 0.5 };
const paint = { ...finish, clearcoat: 1, clearcoatRoughness: 0.05, flake: 0.2 };
const valid = () => ({
  paint: { 'P-NOIR': paint },
  wheel: { 'W-ONE': finish },
  caliper: { 'C-ONE': finish },
  interior: { 'I-ONE': finish },
  trim: { 'T-ONE': finish },
});

describe('the marque catalogue', () => {
  it('is assets/catalogue.json, parses, and offers codes in every category', async () => {
    expect(CATALOGUE_FILE).toBe(path.join(REPO_ROOT, 'assets', 'catalogue.json'));
    const catalogue = await loadCatalogue();
    expect(Object.keys(catalogue).sort()).toEqual([...VARIANT_CATEGORIES].sort());
    for (const category of VARIANT_CATEGORIES) {
      const codes = Object.keys(catalogue[category]);
      expect(codes.length, category).toBeGreaterThan(0);
      for (const code of codes) expect(code).toMatch(/^[A-Z0-9][A-Z0-9-]*$/);
    }
    // Every paint says how glossy it is: the variants transform relies on it.
    for (const [code, p] of Object.entries(catalogue.paint)) expect(p.clearcoat, code).toBeTypeOf('number');
  });
});

describe('parseCatalogue', () => {
  it('accepts a minimal catalogue', () => {
    expect(parseCatalogue(JSON.stringify(valid()), 'cat.json').paint['P-NOIR']).toEqual(paint);
  });

  it('lists the JSON path of every problem, naming the file', () => {
    const bad = valid() as Record<string, Record<string, Record<string, unknown>>>;
    bad.paint['P-NOIR'] = { ...paint, baseColor: 'black' };
    bad.paint['P-ROUGE'] = { ...paint, metallic: 2 };
    bad.wheel['w-lower'] = finish;
    delete bad.trim;
    bad.caliper['C-ONE'] = { ...finish, sparkle: true };
    let error: MarqueError | undefined;
    try {
      parseCatalogue(JSON.stringify(bad), 'bad-catalogue.json');
    } catch (e) {
      error = e as MarqueError;
    }
    expect(error).toBeInstanceOf(MarqueError);
    expect(error!.message).toMatch(/^bad-catalogue\.json: is not a valid variant catalogue/);
    const details = error!.details!;
    expect(details).toMatch(/^paint\.P-NOIR\.baseColor: .*#rrggbb/m);
    expect(details).toMatch(/^paint\.P-ROUGE\.metallic: /m);
    // zod 4 reports a bad record key without the rule it broke, but with its path.
    expect(details).toMatch(/^wheel\.w-lower: /m);
    expect(details).toMatch(/^trim: /m);
    expect(details).toMatch(/^caliper\.C-ONE: .*sparkle/m);
    expect(error!.details!.split('\n')).toHaveLength(5);
  });

  it('refuses text that is not JSON, naming the file', () => {
    expect(() => parseCatalogue('{ "paint": ', 'half.json')).toThrow(/^half\.json: is not valid JSON/);
  });

  it('refuses a file that cannot be read, naming it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'marque-catalogue-'));
    try {
      await expect(loadCatalogue(path.join(dir, 'absent.json'))).rejects.toThrow(/absent\.json: cannot be read/);
      await writeFile(path.join(dir, 'ok.json'), JSON.stringify(valid()));
      expect(Object.keys((await loadCatalogue(path.join(dir, 'ok.json'))).wheel)).toEqual(['W-ONE']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('findFinish', () => {
  it('finds a code, or names the code, the category, the known codes and the file', () => {
    const catalogue = parseCatalogue(JSON.stringify(valid()), 'cat.json');
    expect(findFinish(catalogue, 'paint', 'P-NOIR', '/tmp/cat.json')).toEqual(paint);
    expect(() => findFinish(catalogue, 'paint', 'P-PINK', '/tmp/cat.json')).toThrow(/cat\.json: has no paint code "P-PINK"\n\nDetails: known paint codes: P-NOIR/);
  });
});
