import { describe, expect, it } from 'vitest';
import { orderByInterests } from './interests';
import { ProfilePreferences } from './profile-preferences';

const CARS = [
  { id: 'mistral-1957', year: 1957 },
  { id: 'aurore-1964', year: 1964 },
  { id: 'orage-1974', year: 1974 },
  { id: 'celeste-1988', year: 1988 },
  { id: 'astrale-2025', year: 2025 },
];

describe('orderByInterests', () => {
  it('puts the chosen models first, then the chosen eras, each oldest first', () => {
    const order = orderByInterests(CARS, { models: ['astrale-2025'], eras: ['1960s', '1980s'] }).map((c) => c.id);
    expect(order).toEqual(['astrale-2025', 'aurore-1964', 'celeste-1988', 'mistral-1957', 'orage-1974']);
  });
  it('leaves the line-up as it is without interests', () => {
    expect(orderByInterests(CARS, undefined)).toEqual(CARS);
    expect(orderByInterests(CARS, { racing: true })).toEqual(CARS);
  });
});

describe('ProfilePreferences', () => {
  it("applies the profile's VR comfort at sign-in, and keeps the language for the page", async () => {
    const applied: unknown[] = [];
    const store = new ProfilePreferences({ set: (patch) => applied.push(patch) }, async () => ({
      address: '0xabc',
      consent: { personalisation: true, analytics: false, dealerContact: false, answered: true },
      preferences: { language: 'ja', comfort: { locomotion: 'smooth', turning: 'snap', vignette: false, seated: true } },
    }));
    await store.signIn({ token: 't', address: '0xabc' });
    expect(applied).toEqual([{ locomotion: 'smooth', vignette: false, seated: true }]);
    expect(store.language).toBe('ja');
    store.clear();
    expect(store.language).toBeUndefined();
  });
});
