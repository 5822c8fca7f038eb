import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, type WorldManifest } from '../../protocol/src/manifest';
import { PublishError } from './errors';

/** Hex digits of the SHA-256 kept in published file names. */
export const HASH_LENGTH = 10;

/** `<id>.<first 10 hex of sha256>.glb`: the name changes exactly when the content does. */
export function hashedName(id: string, bytes: Uint8Array, extension = 'glb'): string {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, HASH_LENGTH);
  return `${id}.${hash}.${extension}`;
}

/** Matches names made by {@link hashedName}; nothing else in the folder is ever deleted. */
const HASHED = new RegExp(`^[a-z0-9][a-z0-9-]*\\.[0-9a-f]{${HASH_LENGTH}}\\.glb$`);

/**
 * Writes a file so that readers see either the old content or the new, never a torn
 * write: the bytes go to a temporary file in the same folder, are flushed, then renamed
 * over the target.
 */
export async function writeAtomic(file: string, bytes: Uint8Array | string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (cause) {
    await rm(temp, { force: true });
    throw new PublishError(file, 'could not be written', {
      details: [(cause as Error).message, 'check that the folder exists, is writable and has free space'].join('\n'),
      cause,
    });
  }
}

/** Deletes published files that `keep` no longer lists. Returns the names removed. */
export async function removeStale(dir: string, keep: ReadonlySet<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    if (HASHED.test(name) && !keep.has(name)) {
      await rm(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed.sort();
}

/**
 * Publishes a build into `outDir`: its files first (each atomically; an unchanged file, same
 * name and size, is not rewritten), then `manifest.json` (atomically, last, so a reader never
 * sees a manifest listing a file not yet written), then removes hashed files it no longer lists.
 */
export async function publishManifest(outDir: string, manifest: WorldManifest, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const [name, bytes] of files) {
    // Same name, same content: the name carries the content's hash.
    if ((await sizeOf(path.join(outDir, name))) !== bytes.byteLength) await writeAtomic(path.join(outDir, name), bytes);
  }
  await writeAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await removeStale(outDir, new Set(files.keys()));
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}
