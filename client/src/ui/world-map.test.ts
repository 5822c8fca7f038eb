import { describe, expect, it } from 'vitest';
import type { RoomName } from '../net/world-connection';
import { mapPassages } from './world-map';

const ZONES: RoomName[] = ['museum', 'factory', 'launch', 'garage', 'lounge'];

describe('the world map', () => {
  it('draws each pair of doorways once: the museum to every zone, and each zone to its neighbours', () => {
    expect(mapPassages(ZONES)).toEqual([
      ['museum', 'factory'],
      ['museum', 'launch'],
      ['museum', 'garage'],
      ['museum', 'lounge'],
      ['factory', 'launch'],
      ['launch', 'garage'],
      ['garage', 'lounge'],
    ]);
  });
});
