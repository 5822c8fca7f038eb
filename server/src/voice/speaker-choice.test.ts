import { describe, expect, it } from 'vitest';
import { assignSlots, chooseSpeakers, type Talker } from './speaker-choice';

const at = (id: string, x: number, z = 0, stage = false): Talker => ({ id, x, y: 1.6, z, stage });
const listener = { id: 'me', x: 0, y: 1.6, z: 0 };

describe('chooseSpeakers', () => {
  it('takes the nearest talkers within the radius, at most maxSpeakers, nearest first', () => {
    const talkers = [at('far', 30), at('d5', 5), at('d1', 0, 1), at('d3', -3), at('d9', 0, 9), at('d11', 11)];
    expect(chooseSpeakers(listener, talkers, { radius: 10, maxSpeakers: 3 })).toEqual(['d1', 'd3', 'd5']);
    expect(chooseSpeakers(listener, talkers, { radius: 10, maxSpeakers: 8 })).toEqual(['d1', 'd3', 'd5', 'd9']);
  });

  it('never gives a listener their own voice, and the stage is heard from anywhere, first', () => {
    const talkers = [at('me', 0), at('d2', 2), at('host', 80, 0, true)];
    expect(chooseSpeakers(listener, talkers, { radius: 10, maxSpeakers: 2 })).toEqual(['host', 'd2']);
    expect(chooseSpeakers(listener, talkers, { radius: 10, maxSpeakers: 1 })).toEqual(['host']);
  });

  it('counts height: a talker on a stage 11 m above is beyond a 10 m radius', () => {
    expect(chooseSpeakers(listener, [{ id: 'up', x: 0, y: 12.6, z: 0 }], { radius: 10, maxSpeakers: 4 })).toEqual([]);
  });
});

describe('assignSlots', () => {
  it('keeps a speaker who stays in the slot they had, fills freed slots, clears the rest', () => {
    expect(assignSlots([null, null, null], ['a', 'b'])).toEqual(['a', 'b', null]);
    expect(assignSlots(['a', 'b', null], ['c', 'b'])).toEqual(['c', 'b', null]);
    expect(assignSlots(['a', 'b', 'c'], ['c', 'd', 'a'])).toEqual(['a', 'd', 'c']);
    expect(assignSlots(['a', null], ['b', 'c', 'd'])).toEqual(['b', 'c']);
  });

  it('returns the same array when nothing changed, so the room sends nothing', () => {
    const slots = ['a', null];
    expect(assignSlots(slots, ['a'])).toBe(slots);
  });
});
