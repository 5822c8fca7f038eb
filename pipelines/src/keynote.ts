import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { ArrayBufferTarget, Muxer } from 'webm-muxer';
import { KEYNOTE_FRAME_DEFAULTS, type KeynoteFrameOptions, keynoteFrameSvg } from '../../assets/src/keynote/keynote-frame';
import { MarqueError } from '../../protocol/src/errors';
import { CACHE_DIR, cacheKey, FileCache, pipelineCodeHash } from './cache';
import { writeAtomic } from './publish';

/**
 * Options of {@link renderKeynote}: the film's (its length and picture size, see
 * assets/src/keynote/keynote-frame.ts) and the encoding's.
 */
export interface KeynoteOptions extends KeynoteFrameOptions {
  /** Frames per second; a divisor of 1000 keeps WebM's millisecond timestamps exact. */
  fps?: number;
  /** libwebp's lossy quality, 0–100. */
  quality?: number;
}

export const KEYNOTE_DEFAULTS: Required<KeynoteOptions> = {
  ...KEYNOTE_FRAME_DEFAULTS,
  fps: 10,
  quality: 75,
};

/** Where {@link publishKeynote} puts the video, relative to the client's public folder. */
export const KEYNOTE_FILE = 'media/keynote.webm';

const UNIT = 'pipelines/keynote';

/** Frames rendered at once: sharp works off the main thread, a few keep both cores busy. */
const CONCURRENCY = 4;

/**
 * Renders the launch keynote (the film authored in assets/src/keynote/) as a WebM (VP8, every
 * frame a keyframe, no audio), entirely offline: each frame is an SVG drawn by sharp (librsvg)
 * and encoded as lossy WebP, whose VP8 bitstream goes into the WebM unchanged. Same options,
 * same bytes.
 */
export async function renderKeynote(options: KeynoteOptions = {}): Promise<Uint8Array> {
  const o = resolveOptions(options);
  const frameCount = keynoteFrameCount(o);
  const frames: Uint8Array[] = new Array(frameCount);
  let next = 0;
  const worker = async () => {
    while (next < frameCount) {
      const index = next++;
      frames[index] = await encodeFrame(keynoteFrameSvg(index / o.fps, o), o.quality);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, frameCount) }, worker));

  const muxer = new Muxer({
    target: new ArrayBufferTarget(),
    type: 'webm',
    video: { codec: 'V_VP8', width: o.width, height: o.height, frameRate: o.fps },
  });
  frames.forEach((frame, index) => muxer.addVideoChunkRaw(frame, 'key', frameTimestamp(index, o.fps)));
  // WebM's Duration is the last block's start; a repeat of the last frame at the end makes
  // it the show's length, so players report `seconds` and loop without cutting the last frame short.
  muxer.addVideoChunkRaw(frames[frameCount - 1], 'key', frameTimestamp(frameCount, o.fps));
  muxer.finalize();
  return new Uint8Array(muxer.target.buffer);
}

/** Frames drawn for these options (the WebM holds one more: see {@link renderKeynote}). */
export function keynoteFrameCount(options: KeynoteOptions = {}): number {
  const { seconds, fps } = resolveOptions(options);
  return Math.round(seconds * fps);
}

/** Options of {@link publishKeynote}. */
export interface PublishKeynoteOptions extends KeynoteOptions {
  /** The client's public folder; the video goes to {@link KEYNOTE_FILE} under it. */
  publicDir: string;
  /** Cache folder (default the pipeline's), or false to render every time. */
  cacheDir?: string | false;
}

/** What {@link publishKeynote} did. */
export interface PublishedKeynote {
  file: string;
  bytes: number;
  /** True when the video came from the cache rather than being rendered. */
  cached: boolean;
}

/**
 * Writes the keynote to `<publicDir>/media/keynote.webm`, atomically, so a page never
 * loads half a file. Renders are cached under the pipeline's code hash and the options:
 * any change to the pipeline's sources, the lockfile or the options renders it again.
 */
export async function publishKeynote(options: PublishKeynoteOptions): Promise<PublishedKeynote> {
  const { publicDir, cacheDir, ...rest } = options;
  const o = resolveOptions(rest);
  const file = path.join(publicDir, KEYNOTE_FILE);
  const cache = cacheDir === false ? undefined : new FileCache(cacheDir ?? CACHE_DIR);
  const key = cacheKey({ step: 'keynote', options: o, code: await pipelineCodeHash() });
  let bytes = (await cache?.get(key, ['keynote.webm']))?.get('keynote.webm');
  const cached = bytes !== undefined;
  if (!bytes) {
    bytes = await renderKeynote(o);
    await cache?.set(key, new Map([['keynote.webm', bytes]]));
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeAtomic(file, bytes);
  return { file, bytes: bytes.byteLength, cached };
}

/**
 * The VP8 frame inside a simple lossy WebP: `RIFF <size> WEBP` then a `VP8 ` chunk. An
 * extended WebP (VP8X) is accepted when it carries no alpha; lossless or transparent ones
 * have no VP8 keyframe to reuse.
 */
export function vp8FromWebp(webp: Uint8Array): Uint8Array {
  const view = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
  const tag = (at: number) => String.fromCharCode(...webp.subarray(at, at + 4));
  if (webp.byteLength < 20 || tag(0) !== 'RIFF' || tag(8) !== 'WEBP') {
    throw new MarqueError(UNIT, 'the encoder did not return a WebP', {
      details: [`first bytes: ${tag(0)} … ${tag(8)}`, 'check that sharp was built with WebP support (npm rebuild sharp)'].join('\n'),
    });
  }
  const end = Math.min(webp.byteLength, 8 + view.getUint32(4, true));
  for (let at = 12; at + 8 <= end; ) {
    const fourcc = tag(at);
    const size = view.getUint32(at + 4, true);
    if (fourcc === 'VP8 ') return webp.slice(at + 8, at + 8 + size);
    if (fourcc === 'VP8L' || fourcc === 'ALPH') {
      throw new MarqueError(UNIT, `the frame was encoded with a ${fourcc} chunk, not as a plain VP8 keyframe`, {
        details: 'Flatten the frame (no alpha) and ask for lossy WebP.',
      });
    }
    at += 8 + size + (size & 1); // chunks are padded to an even size
  }
  throw new MarqueError(UNIT, 'the WebP holds no VP8 chunk', { details: 'ask the encoder for lossy WebP without alpha' });
}

async function encodeFrame(svg: string, quality: number): Promise<Uint8Array> {
  const webp = await sharp(Buffer.from(svg))
    .flatten({ background: '#000000' })
    .webp({ quality, smartSubsample: true, effort: 4 })
    .toBuffer();
  return vp8FromWebp(webp);
}

/** Microseconds, rounded to whole milliseconds as WebM stores them. */
function frameTimestamp(index: number, fps: number): number {
  return Math.round((index * 1000) / fps) * 1000;
}

function resolveOptions(options: KeynoteOptions): Required<KeynoteOptions> {
  const o = { ...KEYNOTE_DEFAULTS, ...options };
  const checks: [boolean, string][] = [
    [o.seconds > 0 && o.seconds <= 600, `seconds must be in (0, 600], not ${o.seconds}`],
    [Number.isInteger(o.fps) && o.fps >= 1 && o.fps <= 60, `fps must be a whole number from 1 to 60, not ${o.fps}`],
    [Number.isInteger(o.width) && o.width >= 16 && o.width <= 4096, `width must be whole pixels from 16 to 4096, not ${o.width}`],
    [Number.isInteger(o.height) && o.height >= 16 && o.height <= 4096, `height must be whole pixels from 16 to 4096, not ${o.height}`],
    [o.quality >= 0 && o.quality <= 100, `quality must be 0–100, not ${o.quality}`],
    [Math.round(o.seconds * o.fps) >= 1, `${o.seconds} s at ${o.fps} fps is not one frame`],
  ];
  for (const [ok, message] of checks) if (!ok) throw new MarqueError(UNIT, message, { details: 'pass options within these ranges, or none for the defaults' });
  return o;
}
