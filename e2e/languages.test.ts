import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@colyseus/sdk';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import de from '../client/src/i18n/locales/de.json';
import en from '../client/src/i18n/locales/en.json';
import fr from '../client/src/i18n/locales/fr.json';
import it_ from '../client/src/i18n/locales/it.json';
import ja from '../client/src/i18n/locales/ja.json';
import zh from '../client/src/i18n/locales/zh.json';
import { LANGUAGE_NAMES, LANGUAGES, LOCALE_TAGS, type Language } from '../client/src/i18n/languages';
import { setUpWorld, TEST_OUTPUT_DIR, keepPicture, waitForCars } from './world';

// Flat pages are quick; the 3D page renders in software WebGL on a loaded machine.
vi.setConfig({ testTimeout: 600_000 });

const harness = setUpWorld();
const PICTURES = path.join(TEST_OUTPUT_DIR, 'languages');
const MESSAGES = { en, fr, de, it: it_, zh, ja } as const;
/** The family each CJK language's text must draw with. */
const CJK_FAMILY: Partial<Record<Language, string>> = { zh: 'Noto Sans SC', ja: 'Noto Sans JP' };

/** The presence line as the page should write it for one visitor in the museum, from the language's own messages. */
function presenceFor(language: Language): string {
  const presence = MESSAGES[language].presence as Record<string, string>;
  const form = new Intl.PluralRules(LOCALE_TAGS[language]).select(1);
  return (presence[`visitors_${form}`] ?? presence.visitors_other!).replace('{{zone}}', MESSAGES[language].zones.museum).replace('{{count}}', '1');
}

/** The presence line for the museum with a count matching `count` (a regular expression's text), as the language writes it. */
function presencePattern(language: Language, count: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [before, after] = (MESSAGES[language].presence as Record<string, string>).visitors_other!.replace('{{zone}}', MESSAGES[language].zones.museum).split('{{count}}');
  return new RegExp(`${escape(before!)}${count}${escape(after!)}`);
}

/** Answers the privacy banner, if it asks (its first choice: only what is needed), so the pictures show the page. */
async function answerConsent(page: Page): Promise<void> {
  const banner = page.locator('.consent-banner');
  if (await banner.count()) await banner.locator('.consent-buttons button').first().dispatchEvent('click');
  await banner.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
}

/** Whether anything on the page is wider than the window (text running off the side). */
function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1 && getComputedStyle(element).position !== 'fixed') out.push(`${element.tagName.toLowerCase()}.${element.className}: ${element.textContent?.slice(0, 40)}`);
    }
    return out.slice(0, 5);
  });
}

/**
 * Whether `text` drawn on a canvas with `family` differs from the same text drawn with the
 * generic family alone: where the machine has no CJK font of its own (as here), the generic
 * family draws tofu boxes, so a difference means our font drew real glyphs.
 */
function drawsWithFamily(page: Page, text: string, family: string): Promise<boolean> {
  return page.evaluate(
    ([text, family]) => {
      const draw = (font: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = 400;
        canvas.height = 64;
        const g = canvas.getContext('2d')!;
        g.font = font;
        g.fillStyle = '#000';
        g.textBaseline = 'middle';
        g.fillText(text, 4, 32);
        return Array.from(g.getImageData(0, 0, 400, 64).data);
      };
      const ours = draw(`600 32px "${family}", sans-serif`);
      const generic = draw('600 32px sans-serif');
      return ours.some((value, i) => value !== generic[i]);
    },
    [text, family] as const,
  );
}

describe('Marque in six languages', () => {
  it("opens in each language, writing its words, numbers and units in the locale, and draws Chinese and Japanese with our fonts", async () => {
    await mkdir(PICTURES, { recursive: true });
    for (const language of LANGUAGES) {
      const page = await harness.newPage({ viewport: { width: 1024, height: 760 } });
      await page.goto(harness.url(`?flat&lang=${language}`), { timeout: 180_000 });
      const words = MESSAGES[language];
      await page.locator(`html[lang="${LOCALE_TAGS[language]}"]`).waitFor();
      await page.getByTestId('presence').filter({ hasText: presenceFor(language) }).waitFor({ timeout: 180_000 });
      expect(await page.getByRole('heading', { level: 1 }).textContent(), language).toBe(words.zones.museum);
      expect(await page.getByTestId('language-switcher').inputValue(), language).toBe(language);
      // The museum's cars with their story's words and sizes in the locale (4.20 m, 4,20 m, 4.20米…).
      const firstCar = page.locator('.flat-cars li').first();
      await firstCar.locator('dl').waitFor({ timeout: 60_000 });
      const length = await page.evaluate((tag) => new Intl.NumberFormat(tag, { style: 'unit', unit: 'meter', unitDisplay: 'short', minimumFractionDigits: 2 }).format(4.2), LOCALE_TAGS[language]);
      const facts = await firstCar.locator('dl').textContent();
      expect(facts, `${language}: the Mistral's size in the locale`).toContain(length);
      if (language === 'fr' || language === 'de' || language === 'it') expect(length).toContain('4,20');
      expect(facts, language).toContain(words.museum.facts.engine);
      expect(await firstCar.textContent(), language).toContain(words.museumText.cars['mistral-1957'].summary.slice(0, 20));
      const family = CJK_FAMILY[language];
      if (family) {
        // The page's own CJK font, loaded for its language (not in the initial bundle), draws its words.
        await page.waitForFunction(([family, text]) => document.fonts.check(`16px "${family}"`, text), [family, words.zones.museum] as const);
        const faces = await page.evaluate((family) => [...document.fonts].filter((face) => face.family.replace(/"/g, '') === family && face.status === 'loaded').length, family);
        expect(faces, `${language}: subsets of ${family} loaded`).toBeGreaterThan(0);
        expect(await drawsWithFamily(page, words.zones.museum, family), `${language}: ${words.zones.museum} drawn with ${family}`).toBe(true);
        expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontFamily), language).toContain(family);
      } else {
        // No CJK font is fetched for a Latin language.
        expect(await page.evaluate(() => [...document.fonts].some((face) => /Noto Sans (SC|JP)/.test(face.family) && face.status === 'loaded')), language).toBe(false);
      }
      // The privacy banner every visitor meets, in the page's language, with its three answers.
      const banner = page.getByRole('dialog', { name: words.privacy.banner.label });
      await banner.waitFor({ timeout: 30_000 });
      expect(await banner.textContent(), language).toContain(words.privacy.banner.title);
      expect(await banner.getByRole('button').allTextContents(), language).toEqual([words.privacy.choices.onlyNeeded, words.privacy.choices.choose, words.privacy.choices.agreeAll]);
      if (language === 'ja') await keepPicture(page, path.join(PICTURES, `consent-${language}.png`));
      await answerConsent(page);
      expect(await horizontalOverflow(page), `${language}: text running off the page`).toEqual([]);
      await keepPicture(page, path.join(PICTURES, `flat-${language}.png`));
      await page.evaluate(() => window.marque?.connection?.leave()).catch(() => {});
      await page.close();
    }
  });

  it("starts in the browser's language, and the switcher changes it at once and remembers it", async () => {
    const context = await harness.browser.newContext({ locale: 'de-DE', viewport: { width: 1024, height: 760 } });
    try {
      const page = await context.newPage();
      await page.goto(harness.url('?flat'), { timeout: 180_000 });
      await page.getByTestId('presence').filter({ hasText: presenceFor('de') }).waitFor({ timeout: 180_000 });
      expect(await page.locator('html').getAttribute('lang')).toBe('de');
      expect(await page.getByTestId('language-switcher').locator('option').allTextContents()).toEqual(LANGUAGES.map((l) => LANGUAGE_NAMES[l]));

      await page.getByTestId('language-switcher').selectOption('ja');
      await page.getByRole('heading', { level: 1, name: ja.zones.museum }).waitFor();
      await page.getByTestId('presence').filter({ hasText: presenceFor('ja') }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('ja');
      await page.waitForFunction(() => document.fonts.check('16px "Noto Sans JP"', 'ミュージアム'));

      // The choice outlives a reload: it is kept on this device.
      await page.evaluate(() => window.marque?.connection?.leave()).catch(() => {});
      await page.reload();
      await page.getByRole('heading', { level: 1, name: ja.zones.museum }).waitFor({ timeout: 180_000 });
      await page.getByTestId('language-switcher').selectOption('en');
      await page.getByRole('heading', { level: 1, name: en.zones.museum }).waitFor();
      await page.evaluate(() => window.marque?.connection?.leave()).catch(() => {});
    } finally {
      await context.close();
    }
  });

  it("draws a visitor's Japanese name tag and the world's labels in Japanese with the Japanese font", async () => {
    await mkdir(PICTURES, { recursive: true });
    const page = await harness.newPage({ viewport: { width: 960, height: 540 } });
    await page.goto(harness.url('?lang=ja'), { timeout: 180_000 });
    // Generous, as the harness's own: on a loaded machine a page rendering in software takes minutes to join.
    await page.getByTestId('presence').filter({ hasText: presencePattern('ja', '\\d+') }).waitFor({ timeout: 300_000 });
    await waitForCars(page, 6);
    // Another visitor, named in Japanese, joins the same instance.
    const roomId = await page.evaluate(() => window.marque!.connection!.roomId);
    const client = new Client(harness.stack.serverUrl);
    const visitor = await client.joinById(roomId, { name: '山田 花子', device: 'desktop' });
    try {
      await page.waitForFunction(() => [...(window.marque?.connection?.avatars.values() ?? [])].some((avatar) => avatar.name === '山田 花子'), undefined, { timeout: 60_000 });
      // Its tag's glyphs are loaded (the name needs them) and draw with our font, not as tofu.
      await page.waitForFunction(() => document.fonts.check('600 32px "Noto Sans JP"', '山田 花子'), undefined, { timeout: 60_000 });
      expect(await drawsWithFamily(page, '山田 花子', 'Noto Sans JP')).toBe(true);
      // The doorways' signs and the page's own words are Japanese.
      expect(await page.getByRole('navigation', { name: ja.zoneSwitch.nav }).getByRole('button', { name: ja.zones.factory }).count()).toBe(1);
      expect(await drawsWithFamily(page, ja.zones.factory, 'Noto Sans JP')).toBe(true);
      // The presence line counts the new visitor, in Japanese.
      await page.getByTestId('presence').filter({ hasText: presencePattern('ja', '[2-9]\\d*') }).waitFor({ timeout: 60_000 });
      await answerConsent(page);
      // The zone buttons keep their Japanese labels on one line (they break anywhere otherwise).
      const museumButton = page.getByRole('navigation', { name: ja.zoneSwitch.nav }).getByRole('button', { name: ja.zones.museum });
      const box = (await museumButton.boundingBox())!;
      expect(box.height, 'the museum button is one line high').toBeLessThan(box.width);
      await keepPicture(page, path.join(PICTURES, 'world-ja.png'));
    } finally {
      await visitor.leave();
    }
  });
});
