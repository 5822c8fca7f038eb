import { describe, expect, it, vi } from 'vitest';
import type { BuildView } from '../../../../../protocol/src/builds-api';
import { buildFromLink } from './build-link';
import { MuseumConfiguratorStore } from './museum-configurator-store';

const build = (overrides: Partial<BuildView> = {}): BuildView => ({
  id: 'abcdefghjk',
  model: 'astrale-2025',
  modelName: 'Astrale GT',
  configuration: { paint: 'P-NOIR', wheel: 'W-ARGENT-20', caliper: 'C-ROUGE', interior: 'I-NOIR', trim: 'T-CHROME' },
  names: {},
  createdAt: '2026-12-08T00:00:00.000Z',
  url: 'http://localhost:5173/?zone=museum&build=abcdefghjk',
  ...overrides,
});

describe('the museum configurator\'s state', () => {
  it('a choice after saving drops the saved build, so a shared link always shows what the car shows', () => {
    const store = new MuseumConfiguratorStore();
    const seen = vi.fn();
    store.subscribe(seen);
    store.setCar('astrale-2025');
    store.choose({ paint: 'P-NOIR' });
    store.saved(build());
    expect(store.get().saved?.id).toBe('abcdefghjk');
    store.choose({ ...store.get().configuration, caliper: 'C-BLEU' });
    expect(store.get().saved).toBeUndefined();
    expect(store.get().configuration.caliper).toBe('C-BLEU');
    expect(seen).toHaveBeenCalledTimes(4);
  });

  it('a link opens the panel, loads, and puts the build on the car; another model\'s build or a failure is said, not shown', () => {
    const store = new MuseumConfiguratorStore();
    store.setCar('astrale-2025');
    store.opening('abcdefghjk');
    expect(store.get()).toMatchObject({ open: true, opening: 'abcdefghjk' });
    store.opened(build());
    expect(store.get()).toMatchObject({ open: true, opening: undefined, saved: { id: 'abcdefghjk' }, configuration: { caliper: 'C-ROUGE' } });

    store.opened(build({ model: 'mistral-1957', modelName: 'Mistral Spider' }));
    expect(store.get().linkProblem).toMatch(/Mistral Spider/);
    expect(store.get().configuration.caliper).toBe('C-ROUGE');

    store.linkFailed('no build zzzzzzzzzz');
    expect(store.get()).toMatchObject({ opening: undefined, linkProblem: 'no build zzzzzzzzzz', linkDone: true });
    store.reset();
    // The link was dealt with: coming back to the museum does not apply it again.
    expect(store.get()).toEqual({ open: false, configuration: {}, carId: 'astrale-2025', linkDone: true });
  });

  it('reads a share link\'s build id, and tells a broken one apart from none', () => {
    expect(buildFromLink('?zone=museum&build=abcdefghjk')).toEqual({ id: 'abcdefghjk' });
    expect(buildFromLink('?build=ABCDEFGHJK')).toEqual({ id: 'abcdefghjk' });
    expect(buildFromLink('?zone=museum')).toBeUndefined();
    expect(buildFromLink('?build=abc')).toEqual({ malformed: 'abc' });
    expect(buildFromLink('?build=abcdefghj1')).toEqual({ malformed: 'abcdefghj1' });
  });
});
