import { describe, expect, it } from 'vitest';
import { presenceLine } from './presence-line';

describe('presenceLine', () => {
  const base = { label: 'Museum', joined: true, status: 'connected' as const, visitors: 3, watching: false };

  it('says where the visitor is and how many are there', () => {
    expect(presenceLine(base)).toBe('Museum · 3 visitors here');
    expect(presenceLine({ ...base, visitors: 1 })).toBe('Museum · 1 visitor here');
  });

  it('says when the visitor watches a launch without an avatar, joined or not', () => {
    expect(presenceLine({ ...base, label: 'Launch arena', joined: false, watching: true })).toBe('Launch arena · watching without an avatar');
  });

  it('says when the connection is lost, and that it connects otherwise', () => {
    expect(presenceLine({ ...base, status: 'reconnecting' })).toBe('Connection lost · reconnecting…');
    expect(presenceLine({ ...base, joined: false, status: 'reconnecting' })).toBe('Connecting…');
    expect(presenceLine({ ...base, joined: false })).toBe('Connecting…');
  });
});
