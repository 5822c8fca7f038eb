import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LaunchEvent } from '../protocol/src/launch';
import type { LaunchEventInput } from '../protocol/src/launch-input';
import { signInWithUnlockedAccount } from '../server/src/testing/test-world';
import { launchChromium } from './browser';
import { keepPicture, setUpWorld, TEST_OUTPUT_DIR } from './world';

// Three visitors at one launch, each in a Chromium of its own whose fake microphone plays its own
// tone. Pages are flat (2D: no software WebGL to pay for); their heads are placed through the
// page's own room connection, and what each hears is read from its voice mix (levels per ear and
// the strongest frequency), never from counters alone.
vi.setConfig({ testTimeout: 240_000 });

const harness = setUpWorld();

const ANN_HZ = 440;
const BEN_HZ = 1320;
/** Head height at the arena's second tier, where the spawn is; everyone stands at it. */
const HEAD_Y = 2.4;
/** Above this RMS level a voice is heard; below the quiet one, nothing is. */
const HEARD = 0.01;
const QUIET = 0.002;

let folder: string;
const browsers: Browser[] = [];

/** A one-second 48 kHz mono 16-bit WAV of a sine at `hz` (whole cycles, so Chromium's loop is seamless). */
function toneWav(hz: number): Buffer {
  const rate = 48_000;
  const samples = rate;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 0.5 * 32767), 44 + i * 2);
  return wav;
}

/** A Chromium whose fake microphone plays `tone` (a WAV), its permission granted, or refused when `tone` is undefined. */
async function chromiumWithMicrophone(tone: string | undefined): Promise<Browser> {
  const browser = await launchChromium([
    '--autoplay-policy=no-user-gesture-required',
    // Without it, headless Chromium still looks up Google's hosts.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    '--use-fake-device-for-media-stream',
    ...(tone ? ['--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${tone}`] : []),
  ]);
  browsers.push(browser);
  return browser;
}

/** An attendee's flat page at `eventId`, its voice connected. */
async function attend(browser: Browser, eventId: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 560, height: 700 } });
  page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
  await page.goto(`${harness.stack.url}/?event=${eventId}&flat`, { timeout: 120_000 });
  await page.waitForFunction(() => window.marque?.voice?.getSnapshot().link.state === 'connected', undefined, { timeout: 90_000, polling: 100 });
  return page;
}

/** Puts the page's head at (x, HEAD_Y, z) looking down −Z (towards the stage), as its player rig would. */
async function standAt(page: Page, x: number, z: number): Promise<void> {
  await page.evaluate(
    async ([x, y, z]) => {
      const connection = window.marque!.connection!;
      // The connection sends at most 20 poses a second: it is asked again until it has sent this one.
      while (connection.ownPose?.head.x !== x || connection.ownPose.head.z !== z) {
        connection.sendPose({ head: { x, y, z, qx: 0, qy: 0, qz: 0, qw: 1 } });
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
    },
    [x, HEAD_Y, z] as const,
  );
}

/** The louder ear's level on `page` now. */
const loudness = (page: Page) => page.evaluate(() => Math.max(window.marque!.voice!.levels().left, window.marque!.voice!.levels().right));

/** Waits until `page` hears a voice whose strongest frequency is `hz` and whose ears satisfy `ears`. */
async function hears(page: Page, hz: number, ears: 'any' | 'right' | 'left' = 'any'): Promise<{ left: number; right: number; peakHz: number }> {
  const handle = await page.waitForFunction(
    ([hz, heard, ears]) => {
      const levels = window.marque?.voice?.levels();
      if (!levels || Math.max(levels.left, levels.right) < heard || Math.abs(levels.peakHz - hz) > 30) return false;
      if (ears === 'right' && levels.right < levels.left * 1.5) return false;
      if (ears === 'left' && levels.left < levels.right * 1.5) return false;
      return levels;
    },
    [hz, HEARD, ears] as const,
    { timeout: 60_000, polling: 100 },
  );
  return (await handle.jsonValue()) as { left: number; right: number; peakHz: number };
}

/** Waits until `page` hears nothing at all. */
async function silent(page: Page): Promise<void> {
  await page.waitForFunction(
    (quiet) => {
      const levels = window.marque?.voice?.levels();
      return !!levels && Math.max(levels.left, levels.right) < quiet;
    },
    QUIET,
    { timeout: 60_000, polling: 100 },
  );
}

const sessionOf = (page: Page) => page.evaluate(() => window.marque!.connection!.sessionId);

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'marque-voice-'));
  await writeFile(path.join(folder, 'ann.wav'), toneWav(ANN_HZ));
  await writeFile(path.join(folder, 'ben.wav'), toneWav(BEN_HZ));
});

afterAll(async () => {
  for (const browser of browsers) {
    for (const page of browser.contexts().flatMap((c) => c.pages())) await page.evaluate(() => window.marque?.connection?.leave()).catch(() => {});
    await browser.close();
  }
  await rm(folder, { recursive: true, force: true });
});

describe('voice', () => {
  it('neighbours hear each other from where they stand, push-to-talk gates it, a host mute stops it, one far away or without a microphone hears only what is near', async () => {
    const token = await signInWithUnlockedAccount({
      apiUrl: harness.stack.url,
      publicUrl: harness.stack.url,
      rpcUrl: harness.stack.rpcUrl,
      chainId: harness.stack.deployment.chainId,
      address: harness.stack.deployment.deployer,
    });
    const created = await fetch(`${harness.stack.url}/api/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Astrale GT — voice check',
        startsAt: new Date(Date.now() + 120_000).toISOString(),
        access: { public: true },
        capacityPerInstance: 5,
        embodiedLimit: 10,
        car: { model: 'astrale-2025' },
        videoUrl: '/media/keynote.webm',
        minimumStaySeconds: 0,
      } satisfies LaunchEventInput),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const event = (await created.json()) as LaunchEvent;

    const [annBrowser, benBrowser, cyBrowser] = await Promise.all([
      chromiumWithMicrophone(path.join(folder, 'ann.wav')),
      chromiumWithMicrophone(path.join(folder, 'ben.wav')),
      chromiumWithMicrophone(undefined),
    ]);
    const [ann, ben, cy] = await Promise.all([attend(annBrowser!, event.id), attend(benBrowser!, event.id), attend(cyBrowser!, event.id)]);
    const roomIds = await Promise.all([ann, ben, cy].map((p) => p.evaluate(() => window.marque!.connection!.roomId)));
    expect(new Set(roomIds).size).toBe(1);
    // Nobody's microphone was asked for at page load.
    for (const page of [ann, ben, cy]) expect(await page.evaluate(() => window.marque!.voice!.getSnapshot().mic)).toBe('unasked');

    // Ben at the spawn, Ann 2 m to his right; Cy at the east doorway, 18 m away: beyond the 12 m radius.
    await standAt(ben, 0, 9.8);
    await standAt(ann, 2, 9.8);
    await standAt(cy, 18, 10);

    // Push to talk: held, Ann is heard, on Ben's right; released, nothing; Cy hears nothing of it.
    await ann.keyboard.down('t');
    const right = await hears(ben, ANN_HZ, 'right');
    expect(right.right).toBeGreaterThan(right.left);
    await ben.getByTestId('room-talking').filter({ hasText: /Talking: .+/ }).waitFor();
    await keepPicture(ben, path.join(TEST_OUTPUT_DIR, 'voice-flat-listener.png'), { fullPage: true });
    expect(await cy.evaluate(() => window.marque!.voice!.getSnapshot().slots.every((id) => id === null))).toBe(true);
    expect(await loudness(cy)).toBeLessThan(QUIET);
    await ann.keyboard.up('t');
    await silent(ben);

    // Ann walks round to Ben's left and talks again: the balance follows her.
    await standAt(ann, -2, 9.8);
    await ann.keyboard.down('t');
    const left = await hears(ben, ANN_HZ, 'left');
    expect(left.left).toBeGreaterThan(left.right);

    // Ben talks too: Ann hears him; they hear each other.
    await ben.keyboard.down('t');
    await hears(ann, BEN_HZ);

    // Cy's microphone is refused: he is told, and when he walks over he still hears them.
    await cy.keyboard.down('t');
    await cy.getByRole('alert').filter({ hasText: /microphone is blocked/i }).waitFor({ timeout: 30_000 });
    await cy.keyboard.up('t');
    await standAt(cy, 4, 10);
    await cy.waitForFunction(() => window.marque!.voice!.getSnapshot().slots.filter((id) => id !== null).length === 2, undefined, { timeout: 30_000, polling: 100 });
    await cy.waitForFunction((heard) => Math.max(window.marque!.voice!.levels().left, window.marque!.voice!.levels().right) > heard, HEARD, { timeout: 30_000, polling: 100 });

    // The host mutes Ann: she is told, and nobody hears her any more (Ben, who hears nobody else,
    // hears silence); Ben is still heard.
    const annId = await sessionOf(ann);
    const muted = await fetch(`${harness.stack.url}/api/events/${event.id}/moderation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'mute', sessionId: annId }),
    });
    expect(muted.status, await muted.clone().text()).toBe(200);
    await ann.getByRole('alert').filter({ hasText: /host muted you/i }).waitFor({ timeout: 30_000 });
    await silent(ben);
    await hears(cy, BEN_HZ);
    expect(await ben.evaluate((id) => window.marque!.connection!.talking.has(id), annId)).toBe(false);
  });
});
