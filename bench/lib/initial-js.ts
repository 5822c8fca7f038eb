/**
 * The JavaScript a visitor's browser fetches before the world can start: the production
 * build's entry module and every chunk index.html preloads with it. The frame-budget test
 * holds it to a ceiling and bench:client reports it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../../pipelines/src/repo-root';

/** Where `vite build` writes the client (vite.config.ts: root `client`, outDir `dist`). */
export const CLIENT_DIST_DIR = path.join(REPO_ROOT, 'client', 'dist');

/** One script of the initial load. */
export interface InitialScript {
  /** As index.html names it (`/app/index-….js`). */
  url: string;
  bytes: number;
  /** Gzipped at level 9, as a CDN would send it. */
  gzipBytes: number;
}

/** The initial JavaScript of a build, script by script and in total. */
export interface InitialJs {
  scripts: InitialScript[];
  bytes: number;
  gzipBytes: number;
}

/**
 * Reads `<distDir>/index.html` and measures its entry module (`<script type="module" src>`)
 * and each `<link rel="modulepreload" href>`, each file gzipped on its own at level 9 (what a
 * CDN sends; Vite's preview server gzips at zlib's default level, a little larger). Chunks
 * loaded lazily (the wallet, an owner's panels, the showcase page) are not counted.
 */
export async function measureInitialJs(distDir: string = CLIENT_DIST_DIR): Promise<InitialJs> {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const urls = new Set<string>();
  for (const [, tag, attributeText] of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const attributes = parseAttributes(attributeText!);
    if (tag!.toLowerCase() === 'script' && attributes.type === 'module' && attributes.src) urls.add(attributes.src);
    if (tag!.toLowerCase() === 'link' && attributes.rel === 'modulepreload' && attributes.href) urls.add(attributes.href);
  }
  const local = [...urls].filter((url) => url.startsWith('/') && !url.startsWith('//'));
  if (local.length === 0) throw new Error(`bench/initial-js: ${path.join(distDir, 'index.html')} names no module script; run \`vite build\``);
  const scripts = await Promise.all(
    local.map(async (url) => {
      const bytes = await readFile(path.join(distDir, url));
      return { url, bytes: bytes.byteLength, gzipBytes: gzipSync(bytes, { level: 9 }).byteLength };
    }),
  );
  return {
    scripts,
    bytes: scripts.reduce((sum, s) => sum + s.bytes, 0),
    gzipBytes: scripts.reduce((sum, s) => sum + s.gzipBytes, 0),
  };
}

/** `name="value"` pairs of a tag (names lower-cased); a bare attribute maps to ''. */
function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name, quoted, singleQuoted, bare] of text.matchAll(/([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attributes[name!.toLowerCase()] = quoted ?? singleQuoted ?? bare ?? '';
  }
  return attributes;
}
