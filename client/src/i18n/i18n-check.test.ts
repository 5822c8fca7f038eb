import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTranslations, runI18nCheck, type MessageTree } from './i18n-check';
import type { Language } from './languages';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('i18n:check', () => {
  it('finds every key in all six languages, with their plural forms and variables, each used in the code', () => {
    expect(runI18nCheck(root)).toEqual([]);
  });

  const good: Record<Language, MessageTree> = {
    en: { room: { send: 'Send', visitors_one: '{{count}} visitor', visitors_other: '{{count}} visitors' } },
    fr: { room: { send: 'Envoyer', visitors_one: '{{count}} visiteur', visitors_many: '{{count}} de visiteurs', visitors_other: '{{count}} visiteurs' } },
    de: { room: { send: 'Senden', visitors_one: '{{count}} Besucher', visitors_other: '{{count}} Besucher' } },
    it: { room: { send: 'Invia', visitors_one: '{{count}} visitatore', visitors_many: '{{count}} di visitatori', visitors_other: '{{count}} visitatori' } },
    zh: { room: { send: '发送', visitors_other: '{{count}} 位访客' } },
    ja: { room: { send: '送信', visitors_other: '{{count}} 人の来場者' } },
  };
  const code = [{ path: 'client/src/x.tsx', text: "t('room.send'); t('room.visitors', { count })" }];

  it('passes complete translations used by the code', () => {
    expect(checkTranslations(good, code)).toEqual([]);
  });

  it('fails on a key missing in one language', () => {
    const { send: _, ...rest } = good.de.room as Record<string, string>;
    expect(checkTranslations({ ...good, de: { room: rest } }, code)).toEqual(['de: room.send is missing']);
  });

  it("fails on a plural form the language's grammar needs", () => {
    const { visitors_many: _, ...rest } = good.fr.room as Record<string, string>;
    expect(checkTranslations({ ...good, fr: { room: rest } }, code)).toEqual([expect.stringContaining('fr: room.visitors_many is missing')]);
  });

  it('fails on a variable the translation drops or invents', () => {
    const ja = { room: { ...(good.ja.room as object), send: '{{name}} に送信' } };
    expect(checkTranslations({ ...good, ja }, code)).toEqual([expect.stringContaining('ja: room.send has the variables {{name}}')]);
  });

  it('fails on a key no code uses, and on a key the code asks for that English lacks', () => {
    expect(checkTranslations(good, [{ path: 'client/src/x.tsx', text: "t('room.send'); t('room.sned')" }])).toEqual([
      'en: room.visitors is used nowhere in client/src; remove it from every language',
      'client/src/x.tsx: asks for room.sned, which en.json lacks',
    ]);
  });

  it('fails on a key only another language has', () => {
    const it_ = { room: { ...(good.it.room as object), extra: 'In più' } };
    expect(checkTranslations({ ...good, it: it_ }, code)).toEqual(['it: room.extra is not in English (en.json); remove it or add it there']);
  });
});
