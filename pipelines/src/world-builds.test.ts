import { describe, expect, it } from 'vitest';
import { WORLD_ASSETS } from '../../assets/src/world';
import { MarqueError } from '../../protocol/src/errors';
import { CATALOGUE_FILE, loadCatalogue } from './catalogue';
import { runBuilds } from './world-builds';

describe('runBuilds', () => {
  it("reports a worker's failure as the asset on its target, with the worker's details", { timeout: 60_000 }, async () => {
    // An id the worker cannot find among the world's assets: it answers with its error as data.
    const source = { ...WORLD_ASSETS[0]!, id: 'no-such-asset' };
    const job = { id: source.id, target: 'desktop' as const, compression: 'none' as const, catalogueFile: CATALOGUE_FILE };
    const progress: string[] = [];
    const error = await runBuilds([{ source, job }], {
      custom: false,
      code: 'test',
      catalogue: await loadCatalogue(),
      workers: 1,
      onProgress: (_done, _total, label) => progress.push(label),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarqueError);
    expect((error as MarqueError).unit).toBe('no-such-asset (desktop)');
    expect((error as MarqueError).message).toMatch(/^no-such-asset \(desktop\): is not one of the world assets in assets\/src\/world\.ts\n\nDetails: a worker builds only/);
    expect(progress).toEqual([]);
  });
});
