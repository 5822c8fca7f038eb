import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Plugin } from 'vite';

const gzipAsync = promisify(gzip);

/** A year: what a content-hashed file may be cached for without asking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The pipeline's published files (`<id>.<10 hex>.glb`) and Vite's chunks (`app/<name>-<8+ chars>.js`). */
const HASHED = [/^\/assets\/[a-z0-9-]+\.[0-9a-f]{10}\.glb$/, /^\/app\/[\w.-]+-[\w-]{8,}\.(js|css|wasm)$/];

/**
 * File types that gzip shrinks, measured on the built world and client (gzip level 6 against
 * the file): JavaScript and CSS to 25–30 %; glbs to 87 % (KTX2 inside: quest) and 92 %
 * (WebP inside: desktop), the meshopt-compressed geometry and the JSON still giving way.
 * WebP, KTX2 and WebM files on their own are already entropy-coded and would not shrink.
 */
const COMPRESSIBLE = new Set(['.js', '.css', '.glb', '.json', '.wasm', '.svg']);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.glb': 'model/gltf-binary',
  '.wasm': 'application/wasm',
};

/** How a path is cached: immutable when content-hashed; the manifest is revalidated every time. */
export function cacheControlFor(pathname: string): string | undefined {
  if (HASHED.some((pattern) => pattern.test(pathname))) return IMMUTABLE;
  if (pathname === '/assets/manifest.json') return 'no-cache';
  return undefined;
}

interface Entry {
  etag: string;
  type: string;
  body: Buffer;
  gzipped?: Buffer;
}

/**
 * Serves content-hashed files (the pipeline's glbs, Vite's built chunks) with immutable
 * caching, a strong ETag, and gzip where the type shrinks and the browser accepts it; each
 * file is read and compressed once per process (their content never changes under a name).
 * A revisit then loads them from the browser's cache without a request. Everything else
 * goes on to Vite, the manifest with `no-cache` so a new publication is seen at once.
 */
export function hashedFileHandler(roots: readonly string[]) {
  const entries = new Map<string, Promise<Entry | undefined>>();
  const load = async (pathname: string): Promise<Entry | undefined> => {
    for (const root of roots) {
      const file = path.join(root, pathname);
      if (!file.startsWith(root + path.sep)) return undefined;
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) continue;
      const body = await readFile(file);
      const extension = path.extname(file);
      const entry: Entry = { etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, type: TYPES[extension] ?? 'application/octet-stream', body };
      if (COMPRESSIBLE.has(extension)) {
        const gzipped = await gzipAsync(body, { level: 6 });
        if (gzipped.byteLength < body.byteLength * 0.97) entry.gzipped = gzipped;
      }
      return entry;
    }
    return undefined;
  };
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const cacheControl = cacheControlFor(pathname);
    if (cacheControl === 'no-cache') res.setHeader('cache-control', cacheControl);
    if (cacheControl !== IMMUTABLE || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    if (!entries.has(pathname)) entries.set(pathname, load(pathname));
    entries.get(pathname)!.then(
      (entry) => {
        if (!entry) {
          entries.delete(pathname);
          return next();
        }
        res.setHeader('cache-control', IMMUTABLE);
        res.setHeader('etag', entry.etag);
        res.setHeader('content-type', entry.type);
        res.setHeader('vary', 'accept-encoding');
        if (req.headers['if-none-match'] === entry.etag) {
          res.statusCode = 304;
          return res.end();
        }
        const gzipped = entry.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        const body = gzipped ? entry.gzipped! : entry.body;
        if (gzipped) res.setHeader('content-encoding', 'gzip');
        res.setHeader('content-length', body.byteLength);
        res.statusCode = 200;
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => next(),
    );
  };
}

/**
 * The Vite plugin: the dev server serves the pipeline's glbs from the public folder, the
 * preview server those and the built chunks from the output folder, both through
 * {@link hashedFileHandler}.
 */
export function httpCaching(): Plugin {
  return {
    name: 'marque-http-caching',
    configureServer(server) {
      const publicDir = server.config.publicDir;
      if (publicDir) server.middlewares.use(hashedFileHandler([path.resolve(publicDir)]));
    },
    configurePreviewServer(server) {
      server.middlewares.use(hashedFileHandler([path.resolve(server.config.root, server.config.build.outDir)]));
    },
  };
}
