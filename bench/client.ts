/**
 * What each zone of the world costs a visitor's device, per target (desktop, quest, mobile:
 * the asset builds the pipeline publishes, picked here with `?target=`), in the production
 * client served as a visitor gets it.
 *
 * The product starts as the browser tests start it (e2e/world.ts): the runtime files and the
 * world's assets published, `vite build` (run here, outside Vitest, with NODE_ENV unset: the
 * production build), then server/src/dev/local-stack.ts with the built client behind Vite's
 * preview server (gzip on, like a CDN), a local chain, the Colyseus server on PGlite, all on
 * free ports and a temporary data folder.
 *
 * Every zone × target is measured in its own fresh headless Chromium (e2e/browser.ts:
 * SwiftShader WebGL), so no HTTP cache, shader cache or warm JIT is carried from one to the
 * next: each run is a first visit. The page opens at `/?zone=<zone>&target=<target>` in a
 * 640 × 400 viewport at device pixel ratio 1 (what the frame-budget test uses; draw calls
 * depend on what the camera frames, not on resolution). The gated zones (the owners' garage,
 * the service lounge) are measured last: demo owner 1 signs in once through the page's own
 * Sign-in menu in a separate browser, and that tab's sessionStorage (where the client keeps
 * its session, as a reload would find it) is written into each gated run's page before its
 * scripts start; the session is renewed by signing in again after 10 minutes (the server's
 * tokens last 15). Those runs are first visits too, of a signed-in owner.
 *
 * Of each run, through the Chrome DevTools Protocol and the page's inspection handle
 * (`window.marque`: the three.js renderer and scene):
 *   firstFrameMs      navigation start to the end of the first frame that draws all the zone's
 *                     cars (the manifest's count; the environment carries their anchors, so it
 *                     is drawn by then): a hook on the scene's onAfterRender, on the page's
 *                     clock. The network is throttled from the start with
 *                     Network.emulateNetworkConditions to "fast 4G": 9 Mbit/s down,
 *                     1.5 Mbit/s up, 60 ms latency (Chrome DevTools' preset of that name).
 *   bytesDownloaded   Network.loadingFinished encodedDataLength (bytes on the wire, headers
 *                     included, after gzip), summed over the requests that finished between
 *                     navigation and that first frame. The rooms' WebSocket is not counted.
 *   drawCalls,        renderer.info.render for one whole frame once the zone is joined and
 *   triangles         three more frames were drawn (bench/lib/frame-figures.ts), from the
 *                     zone's spawn point; shadow-map passes included.
 *   textureMB         the scene's materials' textures, each source once: compressed ones (KTX2
 *                     transcoded to what the GPU samples, or to RGBA where it has no such format)
 *                     as the sum of their mipmaps' data; others width × height × 4 bytes × 4/3
 *                     for their mipmaps. MB = 2^20 bytes.
 *   mainThreadMsPerFrame  Performance.getMetrics TaskDuration (the renderer process's main
 *                     thread busy time) over 10 frames (--frames), ÷ the frames the renderer
 *                     drew in between: the JavaScript and WebGL calls of a frame, not the GPU's
 *                     own work; frameMs is the wall time per frame over the same window.
 *   jsHeapMB          Performance.getMetrics JSHeapUsedSize after HeapProfiler.collectGarbage
 *                     (geometry and texture data live in ArrayBuffers outside it).
 * The pipeline's own estimate for the zone (manifest totals: every asset it shows, whatever
 * the camera frames, with no lights, labels or shadows) is printed beside the measured figures
 * as the reference, with the budget of protocol/src/targets.ts.
 *
 * SwiftShader renders WebGL on the CPU, in Chromium's GPU process, on the machine's few cores
 * (shared with the server and whatever else runs there): first-frame and frame times are
 * CPU-rendered, far slower than any real device, and main-thread times compete for the same
 * cores; all are comparable only between runs on the same machine. Draw calls, triangles,
 * texture memory, downloads and the JavaScript heap do not depend on it.
 *
 *   npm run bench:client [-- --zones museum,garage --targets quest,mobile --frames 10]
 *
 * Prints a table and writes bench/results/client.json; a run of some zones or targets only,
 * or with another frame count (a smoke run), writes its JSON to the system's temporary folder.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, CDPSession, Page } from 'playwright-core';
import * as THREE from 'three';
import { build } from 'vite';
import type { ZoneId } from '../protocol/src/zones';
import { QUALITY_LEVELS, QUALITY_PROFILES } from '../client/src/world/quality/quality-levels';
import { launchChromium } from '../e2e/browser';
import { publishRuntimeFiles } from '../pipelines/src/runtime-files';
import { buildWorld } from '../pipelines/src/session';
import type { WorldManifest } from '../protocol/src/manifest';
import { readManifest } from '../protocol/src/read-manifest';
import { TARGET_NAMES, TARGETS, type TargetName } from '../protocol/src/targets';
import { REPO_ROOT } from '../server/src/config';
import { startLocalStack, type LocalStack } from '../server/src/dev/local-stack';
import { measureFrame, nextFrames } from './lib/frame-figures';
import { measureInitialJs } from './lib/initial-js';
import { WORLD_ZONES, zoneCarCount, type WorldZone } from './lib/world-zones';

const RESULTS = path.join(REPO_ROOT, 'bench', 'results', 'client.json');
const VIEWPORT = { width: 640, height: 400 };
const DEFAULT_FRAMES = 10;
/** Frames drawn after the first one before the frame is counted: the first ones upload and compile. */
const SETTLE_FRAMES = 3;
/** "Fast 4G", as Chrome DevTools' preset: bytes a second and milliseconds. */
const FAST_4G = { offline: false, latency: 60, downloadThroughput: (9_000_000 / 8) | 0, uploadThroughput: (1_500_000 / 8) | 0 };
/** How long a first frame may take before the run fails (a cold zone in software WebGL, throttled). */
const FIRST_FRAME_TIMEOUT_MS = 300_000;
/** Sign in again after this long: the server's session tokens last 15 minutes (server/src/auth/session-token.ts). */
const SESSION_RENEW_MS = 10 * 60_000;
const MB = 2 ** 20;

/** One zone on one target. */
interface ZoneRun {
  zone: ZoneId;
  target: TargetName;
  /** Signed in as demo owner 1 (the gated zones). */
  signedIn: boolean;
  cars: number;
  drawCalls: number;
  triangles: number;
  /** `renderer.render()` calls in the counted frame. */
  renders: number;
  textureMB: number;
  textures: number;
  /** Textures by the format three.js uploads them in (`RGBA_ASTC_4x4_Format`, `RGBAFormat`). */
  textureFormats: Record<string, number>;
  bytesDownloaded: number;
  requests: number;
  firstFrameMs: number;
  mainThreadMsPerFrame: number;
  frameMs: number;
  jsHeapMB: number;
  /** The pipeline's estimate from the manifest: every asset the zone shows. */
  pipeline: { drawCalls: number; triangles: number; textureMB: number };
  budget: { drawCalls: number; triangles: number; textureMB: number };
}

/** What the page reports about its scene's textures. */
interface TextureFigures {
  bytes: number;
  count: number;
  formats: Record<number, number>;
}

function parseOptions() {
  const { values } = parseArgs({
    options: { zones: { type: 'string' }, targets: { type: 'string' }, frames: { type: 'string' } },
  });
  const zones = values.zones?.split(',') ?? WORLD_ZONES.map((z) => z.zone);
  const targets = values.targets?.split(',') ?? [...TARGET_NAMES];
  const frames = Number(values.frames ?? DEFAULT_FRAMES);
  const unknownZone = zones.find((zone) => !WORLD_ZONES.some((z) => z.zone === zone));
  if (unknownZone) throw new Error(`bench:client: --zones: no zone "${unknownZone}" (${WORLD_ZONES.map((z) => z.zone).join(', ')})`);
  const unknownTarget = targets.find((target) => !(TARGET_NAMES as readonly string[]).includes(target));
  if (unknownTarget) throw new Error(`bench:client: --targets: no target "${unknownTarget}" (${TARGET_NAMES.join(', ')})`);
  if (!Number.isInteger(frames) || frames < 1) throw new Error('bench:client: --frames: a whole number above 0');
  const isDefault = zones.length === WORLD_ZONES.length && targets.length === TARGET_NAMES.length && frames === DEFAULT_FRAMES;
  return { zones: WORLD_ZONES.filter((z) => zones.includes(z.zone)), targets: targets as TargetName[], frames, isDefault };
}

/** The product as the browser tests run it: assets, the production client, the local stack. */
async function startProduct(dataDir: string): Promise<LocalStack> {
  await publishRuntimeFiles({ publicDir: path.join(REPO_ROOT, 'client', 'public') });
  await buildWorld();
  await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  return startLocalStack({ dataDir, chainPort: 0, serverPort: 0, clientPort: 0, client: 'preview', buildAssets: false, log: () => {} });
}

/** A signed-in tab's sessionStorage, and when it was signed in. */
interface OwnerSession {
  storage: Record<string, string>;
  at: number;
}

/** Signs demo owner 1 in through the page's Sign-in menu, in a browser of its own. */
async function signInOwner(url: string): Promise<OwnerSession> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(url, { timeout: 120_000 });
    await page.getByRole('button', { name: 'Sign in' }).click({ timeout: 120_000 });
    await page.getByRole('menuitem', { name: /Demo owner 1/ }).click();
    await page.getByText(/Signed in · 0x/).waitFor({ timeout: 60_000 });
    const storage = await page.evaluate(() => Object.fromEntries(Object.entries(sessionStorage)));
    await page.evaluate(() => window.marque?.connection?.leave());
    return { storage, at: Date.now() };
  } finally {
    await browser.close();
  }
}

/**
 * Waits, in the page, for the end of the first frame that draws `cars` cars of `zone` (a car
 * counts once its glb is attached) with the zone shown (warmed up), and answers its time on the page's clock (ms since
 * navigation start) and as epoch ms. A hook on the scene's onAfterRender sees the graph as
 * that render drew it.
 */
function firstFrame(page: Page, zone: ZoneId, cars: number): Promise<{ ms: number; epochMs: number }> {
  return page.evaluate(
    async ({ zone, cars, timeoutMs }) => {
      const timedOut = `no frame with ${cars} cars of the ${zone} within ${timeoutMs / 1000} s`;
      while (!window.marque?.scene) {
        if (performance.now() > timeoutMs) throw new Error(timedOut);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const scene = window.marque.scene;
      const before = scene.onAfterRender;
      return new Promise<{ ms: number; epochMs: number }>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(timedOut)), timeoutMs - performance.now());
        scene.onAfterRender = (...args) => {
          before.apply(scene, args);
          // Shown: a zone stays hidden while its textures are uploaded and its shaders compiled.
          if (window.marque?.zone !== zone || window.marque.zoneReady?.zone !== zone) return;
          let drawn = 0;
          scene.traverse((object) => {
            if (object.name.startsWith('car:') && object.children.length > 0) drawn++;
          });
          if (drawn < cars) return;
          const ms = performance.now();
          scene.onAfterRender = before;
          clearTimeout(deadline);
          resolve({ ms, epochMs: performance.timeOrigin + ms });
        };
      });
    },
    { zone, cars, timeoutMs: FIRST_FRAME_TIMEOUT_MS },
  );
}

/** Texture memory of what the scene's materials use, each texture source once. */
function sceneTextures(page: Page): Promise<TextureFigures> {
  return page.evaluate(() => {
    const seen = new Set<unknown>();
    const figures = { bytes: 0, count: 0, formats: {} as Record<number, number> };
    window.marque!.scene!.traverse((object) => {
      const materials = (object as { material?: object | object[] }).material;
      for (const material of [materials ?? []].flat()) {
        for (const value of Object.values(material)) {
          const texture = value as import('three').Texture | import('three').CompressedTexture | null;
          if (!texture || texture.isTexture !== true || seen.has(texture.source)) continue;
          seen.add(texture.source);
          figures.count++;
          figures.formats[texture.format] = (figures.formats[texture.format] ?? 0) + 1;
          if ('isCompressedTexture' in texture && texture.isCompressedTexture) {
            for (const level of texture.mipmaps ?? []) figures.bytes += (level as { data: ArrayBufferView }).data.byteLength;
          } else {
            const image = texture.image as { width?: number; height?: number } | undefined;
            figures.bytes += ((image?.width ?? 0) * (image?.height ?? 0) * 4 * 4) / 3;
          }
        }
      }
    });
    return figures;
  });
}

/** three.js's name of a texture format constant (`RGBA_ASTC_4x4_Format`). */
function formatName(format: number): string {
  const name = Object.entries(THREE).find(([key, value]) => key.endsWith('Format') && value === format)?.[0];
  return name ?? String(format);
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

const renderedFrames = (page: Page) => page.evaluate(() => window.marque!.renderer!.info.render.frame);

/** One zone on one target, in a fresh browser. */
async function measureZone(
  stack: LocalStack,
  manifest: WorldManifest,
  { zone }: WorldZone,
  target: TargetName,
  options: { frames: number; session?: OwnerSession },
): Promise<ZoneRun> {
  const browser: Browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    if (options.session) {
      await context.addInitScript((storage) => {
        for (const [key, value] of Object.entries(storage)) sessionStorage.setItem(key, value);
      }, options.session.storage);
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`  [page] ${error.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', FAST_4G);
    await cdp.send('Performance.enable');
    // Network timestamps are monotonic seconds; requestWillBeSent also gives wall time, which
    // maps them onto the page's epoch clock.
    let wallMinusMonotonic: number | undefined;
    const finished: { at: number; bytes: number }[] = [];
    cdp.on('Network.requestWillBeSent', (event) => {
      wallMinusMonotonic ??= event.wallTime - event.timestamp;
    });
    cdp.on('Network.loadingFinished', (event) => finished.push({ at: event.timestamp, bytes: event.encodedDataLength }));

    const cars = zoneCarCount(manifest, zone, target);
    // From the document's first moment: its scripts have not started, let alone drawn a car.
    // At the best quality the target may reach, as the frame-budget test measures it (quality otherwise follows the frame rate).
    const quality = QUALITY_LEVELS[QUALITY_PROFILES[target].highest]!.name;
    await page.goto(`${stack.url}/?zone=${zone}&target=${target}&quality=${quality}`, { waitUntil: 'commit', timeout: 120_000 });
    const first = await firstFrame(page, zone, cars);
    const untilFirst = finished.filter((f) => (f.at + (wallMinusMonotonic ?? 0)) * 1000 <= first.epochMs);

    const label = WORLD_ZONES.find((z) => z.zone === zone)!.label;
    // Alone in the room, so no other visitor's avatar is drawn.
    await page.getByTestId('presence').filter({ hasText: `${label} · 1 visitor here` }).waitFor({ timeout: 120_000 });
    await nextFrames(page, SETTLE_FRAMES);
    const frame = await measureFrame(page);
    const textures = await sceneTextures(page);

    const framesBefore = await renderedFrames(page);
    const before = await metrics(cdp);
    await nextFrames(page, options.frames);
    const after = await metrics(cdp);
    const frames = (await renderedFrames(page)) - framesBefore;

    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await metrics(cdp);

    // Leaves the room as the page's own code does: a closed browser would keep its seat, and
    // its avatar in the next run, for the room's reconnection window.
    await page.evaluate(() => window.marque?.connection?.leave());

    const z = manifest.targets[target]!.zones[zone]!;
    const budget = TARGETS[target].budget;
    return {
      zone,
      target,
      signedIn: options.session !== undefined,
      cars,
      drawCalls: frame.drawCalls,
      triangles: frame.triangles,
      renders: frame.renders,
      textureMB: round(textures.bytes / MB, 2),
      textures: textures.count,
      textureFormats: Object.fromEntries(Object.entries(textures.formats).map(([format, count]) => [formatName(Number(format)), count])),
      bytesDownloaded: untilFirst.reduce((sum, f) => sum + f.bytes, 0),
      requests: untilFirst.length,
      firstFrameMs: Math.round(first.ms),
      mainThreadMsPerFrame: round(((after.TaskDuration! - before.TaskDuration!) * 1000) / frames, 1),
      frameMs: round(((after.Timestamp! - before.Timestamp!) * 1000) / frames, 1),
      jsHeapMB: round(heap.JSHeapUsedSize! / MB, 1),
      pipeline: { drawCalls: z.totals.drawCalls, triangles: z.totals.triangles, textureMB: round(z.totals.textureBytes / MB, 2) },
      budget: { drawCalls: budget.drawCalls, triangles: budget.triangles, textureMB: budget.textureBytes / MB },
    };
  } finally {
    await browser.close();
  }
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Chromium's version and the WebGL renderer its pages get (SwiftShader here), for the JSON. */
async function browserInfo(url: string): Promise<{ version: string; webglRenderer: string }> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${url}/healthz`);
    const webglRenderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl ? String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) : 'no WebGL2';
    });
    return { version: browser.version(), webglRenderer };
  } finally {
    await browser.close();
  }
}

function printTable(runs: ZoneRun[], initialJsKiB: number, frames: number): void {
  const over = (value: number, budget: number) => (value > budget ? '!' : '');
  const header = [
    'zone', 'target', 'draws', 'budget', 'est.', 'triangles', 'budget', 'est.', 'tex MB', 'est.',
    'down MB', 'reqs', '1st frame s', 'main ms/f', 'frame ms', 'heap MB',
  ];
  const rows = runs.map((r) => [
    r.zone + (r.signedIn ? '*' : ''),
    r.target,
    `${r.drawCalls}${over(r.drawCalls, r.budget.drawCalls)}`,
    String(r.budget.drawCalls),
    String(r.pipeline.drawCalls),
    `${r.triangles.toLocaleString('en')}${over(r.triangles, r.budget.triangles)}`,
    r.budget.triangles.toLocaleString('en'),
    r.pipeline.triangles.toLocaleString('en'),
    `${r.textureMB.toFixed(1)}${over(r.textureMB, r.budget.textureMB)}`,
    r.pipeline.textureMB.toFixed(1),
    (r.bytesDownloaded / MB).toFixed(2),
    String(r.requests),
    (r.firstFrameMs / 1000).toFixed(1),
    r.mainThreadMsPerFrame.toFixed(0),
    r.frameMs.toFixed(0),
    r.jsHeapMB.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(`\nThe world per zone and target: initial JavaScript ${initialJsKiB.toFixed(1)} KiB gzipped\n`);
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i < 2 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log(
    `\n*: signed in as demo owner 1 · !: over the target's budget (protocol/src/targets.ts; textures: ${TARGETS.desktop.budget.textureBytes / MB} MB desktop, ` +
      `${TARGETS.quest.budget.textureBytes / MB} MB quest and mobile) · est.: the pipeline's manifest totals for the zone` +
      `\ndraws, triangles: one frame from the spawn point, 640 × 400 · tex MB: the scene's textures as uploaded (compressed where the GPU can sample it)` +
      `\ndown MB: bytes on the wire from navigation to the first frame with the zone's cars, under fast 4G (9 Mbit/s, 60 ms); 1st frame: that frame's end` +
      `\nmain ms/f: renderer main-thread busy time a frame over ${frames} frames; frame ms: wall time a frame; both CPU-rendered (SwiftShader), comparable only on this machine` +
      `\nheap MB: JavaScript heap used after a garbage collection`,
  );
}

async function main(): Promise<void> {
  const options = parseOptions();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marque-bench-client-'));
  let stack: LocalStack | undefined;
  try {
    console.log('bench:client: building the assets and the production client, starting the local stack…');
    stack = await startProduct(dataDir);
    const initialJs = await measureInitialJs();
    const published = await readManifest();
    if (!published) throw new Error('bench:client: no published manifest after buildWorld');
    const browser = await browserInfo(stack.url);

    // Guests' zones first, then the gated ones with one sign-in shared while it is fresh.
    const plan = options.targets.flatMap((target) => options.zones.map((zone) => ({ zone, target })));
    const ordered = [...plan.filter((p) => !p.zone.gated), ...plan.filter((p) => p.zone.gated)];
    const runs: ZoneRun[] = [];
    let session: OwnerSession | undefined;
    for (const [index, { zone, target }] of ordered.entries()) {
      if (zone.gated && (!session || Date.now() - session.at > SESSION_RENEW_MS)) session = await signInOwner(stack.url);
      process.stdout.write(`[${index + 1}/${ordered.length}] ${zone.zone} on ${target}${zone.gated ? ' (signed in)' : ''}… `);
      const run = await measureZone(stack, published, zone, target, { frames: options.frames, session: zone.gated ? session : undefined });
      console.log(`${run.drawCalls} draws, ${run.triangles.toLocaleString('en')} triangles, first frame ${(run.firstFrameMs / 1000).toFixed(1)} s`);
      runs.push(run);
    }
    runs.sort((a, b) => TARGET_NAMES.indexOf(a.target) - TARGET_NAMES.indexOf(b.target) || WORLD_ZONES.findIndex((z) => z.zone === a.zone) - WORLD_ZONES.findIndex((z) => z.zone === b.zone));

    printTable(runs, initialJs.gzipBytes / 1024, options.frames);
    const overBudget = runs.filter((r) => r.drawCalls > r.budget.drawCalls || r.triangles > r.budget.triangles || r.textureMB > r.budget.textureMB);
    if (overBudget.length) console.log(`\nover budget: ${overBudget.map((r) => `${r.zone} on ${r.target}`).join(', ')}`);

    const out = options.isDefault ? RESULTS : path.join(tmpdir(), 'marque-bench-client.json');
    await mkdir(path.dirname(out), { recursive: true });
    const json = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        browser: `Chromium ${browser.version}`,
        webglRenderer: browser.webglRenderer,
        loadAverageAtStart: loadavg().map((l) => round(l, 2)),
      },
      note: 'WebGL is rendered on the CPU (SwiftShader): times are comparable only between runs on the same machine',
      config: { viewport: VIEWPORT, devicePixelRatio: 1, network: { name: 'fast 4G', downMbitPerSec: 9, upMbitPerSec: 1.5, latencyMs: FAST_4G.latency }, frames: options.frames, settleFrames: SETTLE_FRAMES },
      initialJsGzipKiB: round(initialJs.gzipBytes / 1024, 1),
      initialJs,
      zones: runs,
    };
    await writeFile(out, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwritten ${options.isDefault ? path.relative(REPO_ROOT, out) : out}`);
  } finally {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
