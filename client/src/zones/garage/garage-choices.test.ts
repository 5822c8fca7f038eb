import { describe, expect, it, vi } from 'vitest';
import { GarageChoices } from './garage-choices';

describe('GarageChoices', () => {
  it('keeps each car its configuration, and tells listeners of each change with a new state', () => {
    const choices = new GarageChoices();
    const heard = vi.fn();
    choices.subscribe(heard);
    const before = choices.get();
    choices.configure('astrale-2025', { paint: 'P01' });
    choices.configure('mistral-1957', { paint: 'P02' });
    choices.configure('astrale-2025', { paint: 'P03' });
    expect(choices.get().configurations).toEqual({ 'astrale-2025': { paint: 'P03' }, 'mistral-1957': { paint: 'P02' } });
    expect(choices.get()).not.toBe(before);
    expect(heard).toHaveBeenCalledTimes(3);
  });

  it('holds one preview at a time, cleared with undefined, and leaves the configurations alone', () => {
    const choices = new GarageChoices();
    choices.configure('astrale-2025', { paint: 'P01' });
    choices.preview({ tokenId: '1', picked: { paint: 'P02' } });
    choices.preview({ tokenId: '2', picked: {} });
    expect(choices.get().preview).toEqual({ tokenId: '2', picked: {} });
    choices.preview(undefined);
    expect(choices.get()).toEqual({ configurations: { 'astrale-2025': { paint: 'P01' } }, preview: undefined });
  });

  it('stops telling a listener once it unsubscribes', () => {
    const choices = new GarageChoices();
    const heard = vi.fn();
    const stop = choices.subscribe(heard);
    stop();
    choices.preview(undefined);
    expect(heard).not.toHaveBeenCalled();
  });
});
