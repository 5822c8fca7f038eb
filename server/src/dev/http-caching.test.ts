import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControlFor, hashedFileHandler, IMMUTABLE } from './http-caching';

describe('cacheControlFor', () => {
  it('is immutable for content-hashed glbs and chunks, no-cache for the manifest, and nothing else for the rest', () => {
    expect(cacheControlFor('/assets/astrale-2025.166267dac7.glb')).toBe(IMMUTABLE);
    expect(cacheControlFor('/assets/astrale-2025-lod1.396131cde7.glb')).toBe(IMMUTABLE);
    expect(cacheControlFor('/app/index-BkX3_f9a.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('/assets/manifest.json')).toBe('no-cache');
    expect(cacheControlFor('/assets/astrale-2025.glb')).toBeUndefined();
    expect(cacheControlFor('/index.html')).toBeUndefined();
  });
});

describe('hashedFileHandler', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const js = 'export const world = "museum";\n'.repeat(400);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'marque-caching-'));
    await mkdir(path.join(dir, 'app'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'app', 'index-BkX3_f9a.js'), js);
    await writeFile(path.join(dir, 'assets', 'noise.0123456789.glb'), randomBytes(4096));
    const handler = hashedFileHandler([dir]);
    server = createServer((req, res) => handler(req, res, () => res.writeHead(404).end('next')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a hashed chunk immutable and gzipped when accepted, and 304 for its ETag', async () => {
    const { request } = await import('node:http');
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        request(`${base}/app/index-BkX3_f9a.js`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
    const zipped = await get({ 'accept-encoding': 'gzip, br' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers).toMatchObject({ 'cache-control': IMMUTABLE, 'content-encoding': 'gzip', 'content-type': 'text/javascript; charset=utf-8', vary: 'accept-encoding' });
    expect(gunzipSync(zipped.body).toString()).toBe(js);
    expect(zipped.body.byteLength).toBeLessThan(js.length / 10);
    const plain = await get({});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(js);
    const again = await get({ 'if-none-match': String(zipped.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('sends a file gzip does not shrink as it is, and hands unknown and unhashed paths on', async () => {
    const noise = await fetch(`${base}/assets/noise.0123456789.glb`, { headers: { 'accept-encoding': 'gzip' } });
    expect(noise.headers.get('content-encoding')).toBeNull();
    expect(noise.headers.get('cache-control')).toBe(IMMUTABLE);
    expect((await noise.arrayBuffer()).byteLength).toBe(4096);
    expect(await (await fetch(`${base}/assets/gone.0123456789.glb`)).text()).toBe('next');
    expect(await (await fetch(`${base}/assets/manifest.json`)).text()).toBe('next');
  });
});
