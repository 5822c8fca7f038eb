import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/browser';
import { keynoteFrameSvg } from '../../assets/src/keynote/keynote-frame';
import { MarqueError } from '../../protocol/src/errors';
import { KEYNOTE_DEFAULTS, KEYNOTE_FILE, keynoteFrameCount, publishKeynote, renderKeynote, vp8FromWebp } from './keynote';
import { REPO_ROOT } from './repo-root';

/** Frames a person can look at (git-ignored). */
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-results', 'keynote');
const { width: WIDTH, height: HEIGHT, fps: FPS, seconds: SECONDS } = KEYNOTE_DEFAULTS;

let video: Uint8Array;
let renderSeconds = 0;

beforeAll(async () => {
  const started = performance.now();
  video = await renderKeynote();
  renderSeconds = (performance.now() - started) / 1000;
  await mkdir(OUTPUT_DIR, { recursive: true });
  await writeFile(path.join(OUTPUT_DIR, 'keynote.webm'), video);
});

afterAll(() => {
  console.log(`keynote: ${keynoteFrameCount()} frames rendered in ${renderSeconds.toFixed(1)} s, ${(video.byteLength / 1024).toFixed(0)} KiB`);
});

describe('renderKeynote', () => {
  it('is a WebM with one VP8 track of the promised size, length and frame count', () => {
    expect([...video.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    const webm = readWebm(video);
    expect(webm.docType).toBe('webm');
    expect(webm.codecId).toBe('V_VP8');
    expect([webm.pixelWidth, webm.pixelHeight]).toEqual([WIDTH, HEIGHT]);
    expect(webm.durationSeconds).toBeCloseTo(SECONDS, 3);

    // Every drawn frame, plus the last one repeated at the end so the file lasts `seconds`.
    const frames = keynoteFrameCount();
    expect(frames).toBe(SECONDS * FPS);
    expect(webm.blocks).toHaveLength(frames + 1);
    webm.blocks.forEach((block, i) => {
      expect(block.timeMs).toBe((i * 1000) / FPS);
      expect(block.key).toBe(true);
      expect(vp8KeyframeSize(block.data)).toEqual([WIDTH, HEIGHT]);
    });
    expect(webm.blocks[frames].data).toEqual(webm.blocks[frames - 1].data);
    expect(video.byteLength).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('gives the same bytes on every run', async () => {
    // One frame a second keeps this quick and still draws every scene; the show is a function
    // of absolute time, so these frames are the full render's, byte for byte.
    const [a, b] = [await renderKeynote({ fps: 1 }), await renderKeynote({ fps: 1 })];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const sparse = readWebm(a).blocks;
    const full = readWebm(video).blocks;
    expect(sparse).toHaveLength(SECONDS + 1);
    // The last block repeats the last frame, drawn at 23 s here and 23.9 s there.
    sparse.slice(0, SECONDS).forEach((block, s) => expect(Buffer.from(block.data).equals(Buffer.from(full[s * FPS].data)), `frame at ${s} s`).toBe(true));
  });

  it('rejects bad options, saying what to do', async () => {
    await expect(renderKeynote({ fps: 0 })).rejects.toThrow(/pipelines\/keynote: fps must be[\s\S]*within these ranges/);
  });
});

describe('vp8FromWebp', () => {
  it('takes the VP8 keyframe out of a lossy WebP and refuses a lossless one', async () => {
    const image = sharp({ create: { width: 32, height: 18, channels: 3, background: '#c9a866' } });
    const lossy = new Uint8Array(await image.clone().webp({ quality: 80 }).toBuffer());
    expect(vp8KeyframeSize(vp8FromWebp(lossy))).toEqual([32, 18]);
    const lossless = new Uint8Array(await image.clone().webp({ lossless: true }).toBuffer());
    expect(() => vp8FromWebp(lossless)).toThrow(MarqueError);
    expect(() => vp8FromWebp(new Uint8Array(32))).toThrow(/did not return a WebP/);
  });
});

describe('publishKeynote', () => {
  it('writes media/keynote.webm whole, and renders again only when the options change', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'marque-keynote-'));
    try {
      const publicDir = path.join(dir, 'public');
      const cacheDir = path.join(dir, 'cache');
      const first = await publishKeynote({ publicDir, cacheDir, seconds: 1 });
      expect(first).toMatchObject({ file: path.join(publicDir, KEYNOTE_FILE), cached: false });
      const written = await readFile(first.file);
      expect(written.byteLength).toBe(first.bytes);
      expect(readWebm(written).durationSeconds).toBeCloseTo(1, 3);

      const again = await publishKeynote({ publicDir, cacheDir, seconds: 1 });
      expect(again.cached).toBe(true);
      expect((await readFile(again.file)).equals(written)).toBe(true);
      expect((await publishKeynote({ publicDir, cacheDir, seconds: 1, quality: 60 })).cached).toBe(false);
      // No temporary file is left beside it.
      expect(await readdir(path.dirname(first.file))).toEqual(['keynote.webm']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('in Chromium', () => {
  it('plays: loads, reports its size and length, advances in step and shows our frames', { timeout: 60_000 }, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const seekTo = [1.55, 7.55, 18.65];
      const result = await page.evaluate(
        async ({ base64, seekTo }) => {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const v = document.createElement('video');
          v.muted = true;
          v.playsInline = true;
          document.body.append(v);
          const canPlay = new Promise<void>((resolve, reject) => {
            v.addEventListener('canplay', () => resolve(), { once: true });
            v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}: ${v.error?.message}`)), { once: true });
          });
          v.src = URL.createObjectURL(new Blob([bytes], { type: 'video/webm' }));
          await canPlay;
          const loaded = { duration: v.duration, videoWidth: v.videoWidth, videoHeight: v.videoHeight };

          await v.play();
          const from = v.currentTime;
          const wallFrom = performance.now();
          await new Promise((resolve) => setTimeout(resolve, 1200));
          const played = { media: v.currentTime - from, wall: (performance.now() - wallFrom) / 1000, paused: v.paused };
          v.pause();

          // Decoded frames, as the stage screen would show them.
          const canvas = document.createElement('canvas');
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          const ctx = canvas.getContext('2d')!;
          const frames: string[] = [];
          for (const t of seekTo) {
            const seeked = new Promise((resolve) => v.addEventListener('seeked', resolve, { once: true }));
            v.currentTime = t;
            await seeked;
            ctx.drawImage(v, 0, 0);
            frames.push(canvas.toDataURL('image/png'));
          }
          return { loaded, played, frames };
        },
        { base64: Buffer.from(video).toString('base64'), seekTo },
      );

      expect(result.loaded.duration).toBeCloseTo(SECONDS, 1);
      expect(result.loaded.videoWidth).toBe(WIDTH);
      expect(result.loaded.videoHeight).toBe(HEIGHT);
      expect(result.played.paused).toBe(false);
      // In step with the wall clock, give or take a start-up delay and a frame.
      expect(result.played.media).toBeGreaterThan(0.5);
      expect(result.played.media).toBeLessThan(result.played.wall + 0.2);

      for (const [i, t] of seekTo.entries()) {
        const decoded = Buffer.from(result.frames[i].split(',')[1], 'base64');
        await writeFile(path.join(OUTPUT_DIR, `chromium-${t.toFixed(2)}s.png`), decoded);
        const shown = Math.floor(t * FPS) / FPS;
        const same = await meanDifference(decoded, keynoteFrameSvg(shown));
        const other = await meanDifference(decoded, keynoteFrameSvg(seekTo[(i + 1) % seekTo.length]));
        // Chromium shows the frame we drew for that moment (lossy, so not exactly), not another.
        expect(same, `frame at ${t} s`).toBeLessThan(2);
        expect(other, `frame at ${t} s against another scene`).toBeGreaterThan(same * 2);
      }
    } finally {
      await browser.close();
    }
  });
});

/** Mean absolute difference per channel (0–255) between a PNG and an SVG frame. */
async function meanDifference(png: Uint8Array, svg: string): Promise<number> {
  const a = await sharp(png).removeAlpha().raw().toBuffer();
  const b = await sharp(Buffer.from(svg)).flatten({ background: '#000000' }).removeAlpha().raw().toBuffer();
  expect(a.byteLength).toBe(b.byteLength);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** Width and height from a VP8 keyframe's header (RFC 6386, 9.1). */
function vp8KeyframeSize(frame: Uint8Array): [number, number] {
  expect(frame[0] & 1, 'VP8 frame type (0 = key frame)').toBe(0);
  expect([...frame.subarray(3, 6)]).toEqual([0x9d, 0x01, 0x2a]);
  return [(frame[6] | (frame[7] << 8)) & 0x3fff, (frame[8] | (frame[9] << 8)) & 0x3fff];
}

interface WebmSummary {
  docType: string;
  codecId: string;
  pixelWidth: number;
  pixelHeight: number;
  durationSeconds: number;
  blocks: { timeMs: number; key: boolean; data: Uint8Array }[];
}

// EBML element ids (Matroska spec) for the little we read.
const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  CodecID: 0x86,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
} as const;
const MASTERS = new Set<number>([ID.EBML, ID.Segment, ID.Info, ID.Tracks, ID.TrackEntry, ID.Video, ID.Cluster]);

/** A small EBML reader: enough of the file to check what a player relies on. */
function readWebm(bytes: Uint8Array): WebmSummary {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const summary: WebmSummary = { docType: '', codecId: '', pixelWidth: 0, pixelHeight: 0, durationSeconds: 0, blocks: [] };
  let timecodeScale = 1_000_000;
  let duration = 0;
  let clusterTime = 0;
  const vint = (at: number, keepMarker: boolean): [value: number, length: number] => {
    const first = bytes[at];
    let length = 1;
    while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
    if (length > 8) throw new Error(`bad EBML number at ${at}`);
    let value = keepMarker ? first : first & (0xff >> length);
    let allOnes = value === 0xff >> length;
    for (let i = 1; i < length; i++) {
      value = value * 256 + bytes[at + i];
      allOnes &&= bytes[at + i] === 0xff;
    }
    return [!keepMarker && allOnes ? -1 : value, length];
  };
  const uint = (start: number, end: number) => {
    let value = 0;
    for (let i = start; i < end; i++) value = value * 256 + bytes[i];
    return value;
  };
  const text = (start: number, end: number) => Buffer.from(bytes.subarray(start, end)).toString('latin1').replace(/\0+$/, '');
  const walk = (start: number, end: number) => {
    for (let at = start; at < end; ) {
      const [id, idLength] = vint(at, true);
      const [size, sizeLength] = vint(at + idLength, false);
      const dataStart = at + idLength + sizeLength;
      const dataEnd = size < 0 ? end : dataStart + size; // unknown size: up to the parent's end
      if (MASTERS.has(id)) walk(dataStart, dataEnd);
      else if (id === ID.DocType) summary.docType = text(dataStart, dataEnd);
      else if (id === ID.TimecodeScale) timecodeScale = uint(dataStart, dataEnd);
      else if (id === ID.Duration) duration = size === 4 ? view.getFloat32(dataStart) : view.getFloat64(dataStart);
      else if (id === ID.CodecID) summary.codecId = text(dataStart, dataEnd);
      else if (id === ID.PixelWidth) summary.pixelWidth = uint(dataStart, dataEnd);
      else if (id === ID.PixelHeight) summary.pixelHeight = uint(dataStart, dataEnd);
      else if (id === ID.Timecode) clusterTime = uint(dataStart, dataEnd);
      else if (id === ID.SimpleBlock) {
        const [, trackLength] = vint(dataStart, false);
        const relative = view.getInt16(dataStart + trackLength);
        const flags = bytes[dataStart + trackLength + 2];
        summary.blocks.push({
          timeMs: ((clusterTime + relative) * timecodeScale) / 1e6,
          key: (flags & 0x80) !== 0,
          data: bytes.subarray(dataStart + trackLength + 3, dataEnd),
        });
      }
      at = dataEnd;
    }
  };
  walk(0, bytes.byteLength);
  summary.durationSeconds = (duration * timecodeScale) / 1e9;
  return summary;
}
