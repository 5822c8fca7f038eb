import { describe, expect, it } from 'vitest';
import { MuseumStore } from './museum-store';

const LINE_UP = [
  { id: 'mistral-1957', name: 'Mistral Spider', year: 1957 },
  { id: 'aurore-1964', name: 'Aurore Coupé', year: 1964 },
];

function store(): MuseumStore {
  const s = new MuseumStore();
  s.setLineUp(LINE_UP);
  return s;
}

describe("the museum's state", () => {
  it('walks the tour forwards and back, and leaves it', () => {
    const s = store();
    let changes = 0;
    s.subscribe(() => changes++);
    s.step(1);
    expect(s.get().step).toBeUndefined();
    s.startTour();
    expect(s.get().step).toBe(0);
    s.step(1);
    s.step(1);
    s.step(1);
    s.step(1);
    expect(s.get().step).toBe(3);
    expect(s.get().stops[3]!.kind).toBe('closing');
    s.step(-1);
    expect(s.get().step).toBe(2);
    s.leaveTour();
    expect(s.get().step).toBeUndefined();
    expect(changes).toBeGreaterThan(5);
  });

  it('closes a panel left open when the tour moves on', () => {
    const s = store();
    s.startTour();
    s.step(1);
    s.select('mistral-1957');
    s.setStory(true);
    s.step(1);
    expect(s.get()).toMatchObject({ step: 2, selected: undefined, story: false });
  });

  it('closes one layer per Escape: the story, the panel, then the tour', () => {
    const s = store();
    s.startTour();
    s.select('aurore-1964');
    s.setStory(true);
    expect(s.escape()).toBe(true);
    expect(s.get()).toMatchObject({ selected: 'aurore-1964', story: false, step: 0 });
    expect(s.escape()).toBe(true);
    expect(s.get()).toMatchObject({ selected: undefined, step: 0 });
    expect(s.escape()).toBe(true);
    expect(s.get().step).toBeUndefined();
    expect(s.escape()).toBe(false);
  });

  it('opens a story only over an open panel', () => {
    const s = store();
    s.setStory(true);
    expect(s.get().story).toBe(false);
  });

  it("switches each car's lamps and turntable on its own, and resets the hall", () => {
    const s = store();
    s.toggleLights('mistral-1957');
    s.toggleTurntable('aurore-1964');
    expect([...s.get().lit]).toEqual(['mistral-1957']);
    expect([...s.get().turning]).toEqual(['aurore-1964']);
    s.toggleLights('mistral-1957');
    expect(s.get().lit.size).toBe(0);
    s.place('mistral-1957', { position: [1, 0, 2], yaw: 0 });
    s.startTour();
    s.select('mistral-1957');
    s.reset();
    expect(s.get()).toMatchObject({ step: undefined, selected: undefined, story: false });
    expect(s.get().turning.size).toBe(0);
    // Where the cars stand is the hall's, not the visit's.
    expect(s.get().placements.get('mistral-1957')).toEqual({ position: [1, 0, 2], yaw: 0 });
  });
});
