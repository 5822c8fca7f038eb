import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { manualSchema } from '../../../protocol/src/manual';
import { searchManual, searchWords } from './manual-search';
import { ManualStore } from './manual-store';

// The real manual, as authored: the search is judged on what owners will search.
const manual = manualSchema.parse(JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../assets/catalogue/manuals/astrale-2025.json'), 'utf8')));
const ids = (query: string) => searchManual(manual.topics, query).map((t) => t.id);

describe('searching the manual', () => {
  it('finds topics by title, keyword, kind and step text, every word required, best first', () => {
    expect(ids('tyre pressure')[0]).toBe('tyre-pressures');
    expect(ids('psi')).toEqual(['tyre-pressures']);
    expect(ids('trunk')).toEqual(['boot']);
    expect(ids('charg')[0]).toBe('charging');
    expect(ids('hazard')).toEqual(['rear-lamps-hazard']);
    // Step text counts, below titles: "bonnet" is in the washer topic's steps and keywords.
    expect(ids('bonnet')).toContain('washer-and-wipers');
    expect(ids('tyres puncture')).toEqual(['tread-and-puncture']);
    expect(ids('tyre xylophone')).toEqual([]);
  });

  it('ignores case, accents and punctuation, and an empty query lists everything in order', () => {
    expect(searchWords('Pressions, PNÉUS!')).toEqual(['pressions', 'pneus']);
    expect(ids('  TYRE-Pressure ')[0]).toBe('tyre-pressures');
    expect(ids('')).toEqual(manual.topics.map((t) => t.id));
  });
});

describe('the manual\'s state', () => {
  it('a hotspot opens a topic, a new search goes back to the list, and each change is told', () => {
    const store = new ManualStore();
    const seen = vi.fn();
    store.subscribe(seen);
    store.open('boot');
    expect(store.get().topicId).toBe('boot');
    store.search('tyre');
    expect(store.get()).toEqual({ query: 'tyre', topicId: undefined });
    store.close();
    expect(seen).toHaveBeenCalledTimes(2);
    store.reset();
    expect(store.get()).toEqual({ query: '' });
  });
});
