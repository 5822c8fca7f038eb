import { describe, expect, it } from 'vitest';
import { shortcutFor } from './zone-switch';

const press = (key: string, extra: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; target: unknown }> = {}) =>
  shortcutFor({ key, ctrlKey: false, altKey: false, metaKey: false, target: null, ...extra } as Parameters<typeof shortcutFor>[0]);

describe('shortcutFor', () => {
  it('opens the map with M, the help with ? or H, a zone with 1–5, and closes with Escape', () => {
    expect(press('m')).toEqual({ kind: 'map' });
    expect(press('M')).toEqual({ kind: 'map' });
    expect(press('?')).toEqual({ kind: 'help' });
    expect(press('h')).toEqual({ kind: 'help' });
    expect(press('1')).toEqual({ kind: 'zone', index: 0 });
    expect(press('5')).toEqual({ kind: 'zone', index: 4 });
    expect(press('Escape')).toEqual({ kind: 'close' });
  });

  it("leaves other keys, the browser's combinations and typing alone", () => {
    expect(press('6')).toBeUndefined();
    expect(press('w')).toBeUndefined();
    expect(press('m', { ctrlKey: true })).toBeUndefined();
    expect(press('1', { metaKey: true })).toBeUndefined();
    expect(press('m', { target: { tagName: 'INPUT' } })).toBeUndefined();
    expect(press('2', { target: { tagName: 'TEXTAREA' } })).toBeUndefined();
    expect(press('h', { target: { tagName: 'DIV', isContentEditable: true } })).toBeUndefined();
    expect(press('m', { target: { tagName: 'BUTTON' } })).toEqual({ kind: 'map' });
  });
});
