import { describe, expect, it } from 'vitest';
import { reservedWordIn } from './reserved-names';

describe('reserved names', () => {
  it('refuses names that pass for the brand or its staff, however they are spelled', () => {
    const impostors = [
      'Marque staff',
      'marque',
      'MARQUE',
      'M a r q u e',
      'M.a.r.q.u.e',
      'Mаrque', // Cyrillic а
      'Mârqué',
      'St4ff',
      'Staff member',
      'Admin',
      'adm1n',
      'Moderator',
      'The Host',
      'Ηost', // Greek Eta
      'h0st',
      'co-host',
      'Mod',
      'Marque Official',
      'MarqueTeam',
      'marqueteam',
      'Support',
    ];
    for (const name of impostors) expect(reservedWordIn(name), name).toBeDefined();
  });

  it('lets ordinary names through, even those containing a short reserved word', () => {
    for (const name of ['Ann', 'Ghost rider', 'Modena fan', 'Marquez', 'Hostetler', 'Bernard', 'Zoé', 'Guest 12', 'Member ab12', 'Stefan']) {
      expect(reservedWordIn(name), name).toBeUndefined();
    }
  });
});
