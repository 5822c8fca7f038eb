import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './repo-root';

/** Default cache folder (ignored by git). */
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'pipeline');

/**
 * Files whose content decides what the pipeline outputs, besides each input itself: protocol/
 * too, since the assets and the pipeline build on its data (the line-up, zones, targets).
 */
const CODE_ROOTS = ['pipelines/src', 'assets/src', 'protocol/src'];
const CODE_FILES = ['assets/catalogue.json', 'package-lock.json'];

let codeHash: Promise<string> | undefined;

/**
 * Hash of everything that shapes the output besides the inputs: the pipeline's, the asset
 * generators' and the protocol's sources (tests excluded), the catalogue and the locked tool versions.
 * Any change there invalidates every cache entry.
 */
export function pipelineCodeHash(): Promise<string> {
  codeHash ??= (async () => {
    const hash = createHash('sha256');
    const files = [...CODE_FILES];
    for (const root of CODE_ROOTS) files.push(...(await listSources(root)));
    for (const file of files.sort()) {
      hash.update(file).update('\0');
      try {
        hash.update(await readFile(path.join(REPO_ROOT, file)));
      } catch {
        hash.update('(missing)');
      }
    }
    return hash.digest('hex');
  })();
  return codeHash;
}

async function listSources(root: string): Promise<string[]> {
  const entries = await readdir(path.join(REPO_ROOT, root), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)));
}

/** A cache key from any JSON-able description of the work. */
export function cacheKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** A folder of named files per key, each entry written whole or not at all. */
export class FileCache {
  constructor(readonly dir: string = CACHE_DIR) {}

  /** The entry's files, or undefined when it is absent or incomplete. */
  async get(key: string, names: readonly string[]): Promise<Map<string, Uint8Array> | undefined> {
    const folder = path.join(this.dir, key);
    try {
      const files = new Map<string, Uint8Array>();
      for (const name of names) files.set(name, new Uint8Array(await readFile(path.join(folder, name))));
      return files;
    } catch {
      return undefined;
    }
  }

  /** Writes an entry into a temporary folder, then renames it into place. */
  async set(key: string, files: ReadonlyMap<string, Uint8Array | string>): Promise<void> {
    const folder = path.join(this.dir, key);
    const temp = `${folder}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await mkdir(temp, { recursive: true });
    try {
      for (const [name, bytes] of files) await writeFile(path.join(temp, name), bytes);
      await rm(folder, { recursive: true, force: true });
      await rename(temp, folder);
    } catch (cause) {
      await rm(temp, { recursive: true, force: true });
      throw cause;
    }
  }
}
