import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import type { LaunchEvent, Question } from '../protocol/src/launch';
import type { LaunchEventInput } from '../protocol/src/launch-input';
import { signInWithUnlockedAccount } from '../server/src/testing/test-world';
import { setUpWorld, signInAsStaff, TEST_OUTPUT_DIR, keepPicture } from './world';

// A host page and two attendee pages render in software (SwiftShader) on two cores: steps take
// seconds. Buttons are pressed with dispatchEvent('click'); a page in the background draws
// almost no frames, so a page is brought to the front before what it draws is checked.
vi.setConfig({ testTimeout: 300_000 });

const harness = setUpWorld();

/** The staff account's session (brand team, host of what it creates), signed in as the page would. */
async function staffToken(): Promise<string> {
  const { stack } = harness;
  return signInWithUnlockedAccount({
    apiUrl: stack.url,
    publicUrl: stack.url,
    rpcUrl: stack.rpcUrl,
    chainId: stack.deployment.chainId,
    address: stack.deployment.deployer,
  });
}

async function createEvent(token: string, overrides: Partial<LaunchEventInput> = {}): Promise<LaunchEvent> {
  const response = await fetch(`${harness.stack.url}/api/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Astrale GT — press preview',
      startsAt: new Date(Date.now() + 120_000).toISOString(),
      access: { public: true },
      capacityPerInstance: 1,
      embodiedLimit: 10,
      car: { model: 'astrale-2025', configuration: { paint: 'P-ORANGE-SOLAIRE' } },
      videoUrl: '/media/keynote.webm',
      minimumStaySeconds: 0,
      ...overrides,
    } satisfies LaunchEventInput),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as LaunchEvent;
}

/** An attendee's page at the event, joined to its instance. */
async function attend(eventId: string): Promise<Page> {
  const page = await harness.openWorld(`?event=${eventId}`, { viewport: { width: 600, height: 420 }, cars: 0 });
  await page.waitForFunction(() => window.marque?.show !== undefined && window.marque?.connection?.roomId !== undefined, undefined, { timeout: 60_000 });
  return page;
}

/** The host console (a 2D page, no world behind it), signed in as Marque staff. */
async function openConsole(query: string): Promise<Page> {
  const page = await harness.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(`${harness.stack.url}/${query}`);
  await signInAsStaff(page);
  return page;
}

/** When (this machine's clock) the page's show reached `cue`. */
async function reached(page: Page, cue: string): Promise<number> {
  await page.waitForFunction((wanted) => window.marque?.show?.cue === wanted, cue, { timeout: 60_000 });
  return Date.now();
}

/** The host fires the next cue from the console and waits until the console shows it current. */
async function fire(host: Page, label: string) {
  await host.getByRole('button', { name: `Fire: ${label}` }).dispatchEvent('click');
  await host.locator('[aria-current="step"]').filter({ hasText: label }).waitFor({ timeout: 30_000 });
}

describe('a live launch in the browser', () => {
  it('runs every cue for attendees in two instances, who see the reveal together, ask, upvote — and a removed attendee stays out', async () => {
    const event = await createEvent(await staffToken());
    const [ann, ben] = [await attend(event.id), await attend(event.id)];
    const [annRoom, benRoom] = await Promise.all([ann, ben].map((p) => p.evaluate(() => window.marque!.connection!.roomId)));
    expect(annRoom).not.toBe(benRoom);

    const host = await openConsole(`?host=${event.id}`);
    await host.getByRole('heading', { name: event.title }).waitFor({ timeout: 60_000 });

    await fire(host, 'Doors open');
    await fire(host, 'Countdown');
    await fire(host, 'Keynote');
    await Promise.all([reached(ann, 'keynote'), reached(ben, 'keynote')]);

    // The reveal reaches both instances within a moment of each other (server time on both).
    const revealed = Promise.all([reached(ann, 'reveal'), reached(ben, 'reveal')]);
    await fire(host, 'Reveal');
    const [annAt, benAt] = await revealed;
    expect(Math.abs(annAt - benAt), 'the reveal reached the two instances this far apart (ms)').toBeLessThan(3_000);
    for (const page of [ann, ben]) {
      await page.bringToFront();
      // The cover has lifted off the car, which stands on the turntable, drawn.
      await page.waitForFunction(() => window.marque?.scene?.getObjectByName('launch-cover')?.visible === false, undefined, { timeout: 60_000 });
      const carDrawn = await page.evaluate(() => {
        let meshes = 0;
        window.marque?.scene?.traverse((o) => {
          if (o.name.startsWith('car:astrale-2025')) o.traverse((m) => (meshes += (m as { isMesh?: boolean }).isMesh && m.visible ? 1 : 0));
        });
        return meshes;
      });
      expect(carDrawn).toBeGreaterThan(0);
    }
    await keepPicture(ann, path.join(TEST_OUTPUT_DIR, 'launch-reveal.png'));

    // Q&A: Ann asks in her instance; the host sees it, Ben upvotes it from his.
    await fire(host, 'Q&A');
    await ann.bringToFront();
    await ann.getByLabel('Ask a question').fill('Will the Astrale come in Bleu Minuit?');
    await ann.getByRole('button', { name: 'Ask', exact: true }).dispatchEvent('click');
    await ben.bringToFront();
    await ben.getByRole('button', { name: /Upvote “Will the Astrale come in Bleu Minuit\?”/ }).dispatchEvent('click');
    await host.bringToFront();
    await host.getByText('Will the Astrale come in Bleu Minuit?').first().waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => {
        const questions = (await (await fetch(`${harness.stack.url}/api/events/${event.id}/questions`)).json()) as Question[];
        return questions[0]?.votes;
      })
      .toBe(1);
    await host.getByLabel('1 vote').waitFor({ timeout: 30_000 });

    // The host removes Ben (his row, by the name his room gave him); his page says so, and coming back is refused.
    await ben.waitForFunction(() => window.marque?.connection?.ownName !== undefined, undefined, { timeout: 30_000 });
    const benName = await ben.evaluate(() => window.marque!.connection!.ownName!);
    await host.getByRole('row', { name: benName }).getByRole('button', { name: /^Remove/ }).dispatchEvent('click');
    await host.getByRole('button', { name: 'Confirm removal' }).dispatchEvent('click');
    await ben.getByRole('alert').filter({ hasText: 'The host removed you from this event.' }).waitFor({ timeout: 30_000 });
    await ben.goto(harness.url(`?event=${event.id}`));
    await ben.getByRole('alert').filter({ hasText: /removed you from .*you cannot rejoin it/ }).waitFor({ timeout: 60_000 });

    await fire(host, 'After-party');
    await fire(host, 'Closed');
    await reached(ann, 'closed');
    await keepPicture(host, path.join(TEST_OUTPUT_DIR, 'launch-host.png'), { fullPage: true });
  });

  it('goes on with a message when the keynote video cannot be loaded', async () => {
    const token = await staffToken();
    const event = await createEvent(token, { videoUrl: '/media/no-such-keynote.m3u8', capacityPerInstance: 5 });
    const attendee = await attend(event.id);
    for (const [cue, seq] of [['doors', 0], ['keynote', 1]] as const) {
      const response = await fetch(`${harness.stack.url}/api/events/${event.id}/cue`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cue, seq }),
      });
      expect(response.status).toBe(200);
    }
    await attendee.getByRole('alert').filter({ hasText: /The keynote video could not be loaded: .*The show goes on\./ }).waitFor({ timeout: 60_000 });
    expect(await attendee.getByTestId('launch-cue').textContent()).toMatch(/keynote/i);
  });

  it('shows the host what is wrong with an event before anything is created: a start in the past, an invalid rule', async () => {
    const host = await openConsole('?host');
    await host.getByRole('button', { name: 'New event' }).dispatchEvent('click');
    await host.getByLabel('Title').fill('Too late');
    await host.getByLabel('Starts at').fill('2020-01-01T18:00');
    await host.getByLabel('Who may attend').selectOption('custom');
    await host.getByLabel('Access rule (JSON)').fill('{ "holdsToken": { "contract": "nope" } }');
    const before = ((await (await fetch(`${harness.stack.url}/api/events`)).json()) as LaunchEvent[]).length;
    await host.getByRole('button', { name: 'Create the event' }).dispatchEvent('click');
    await expect.poll(() => host.getByLabel('Starts at').getAttribute('aria-invalid')).toBe('true');
    expect(await host.getByLabel('Access rule (JSON)').getAttribute('aria-invalid')).toBe('true');
    expect(((await (await fetch(`${harness.stack.url}/api/events`)).json()) as LaunchEvent[]).length).toBe(before);
    await keepPicture(host, path.join(TEST_OUTPUT_DIR, 'launch-host-form-errors.png'));
  });
});
