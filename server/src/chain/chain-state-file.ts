import { open, readFile, rename, rm } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { MarqueError } from '../../../protocol/src/errors';

/** A block as anvil's state file lists it. */
interface StateBlock {
  header: { number: string; timestamp: string };
}

/** The part of anvil's state file (its `SerializableState`) this module reads. */
interface StateJson {
  blocks?: StateBlock[];
}

// Node ≥ 22's JSON parse-with-source: numbers past 2^53 keep their digits through a rewrite.
type RawJson = (text: string) => unknown;
const rawJSON = (JSON as unknown as { rawJSON: RawJson }).rawJSON;

/**
 * Parses anvil's state JSON keeping every number exactly as written (balances and fees may pass
 * 2^53), so that a rewrite changes nothing but what the caller changed.
 */
function parseExact(text: string): StateJson {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && context?.source ? rawJSON(context.source) : value,
  ) as StateJson;
}

/**
 * Keeps one block 0 in anvil's state: the chain's real genesis, the oldest one.
 *
 * anvil 1.x makes a fresh genesis block at every start and then appends the loaded blocks to it,
 * so each start with `--load-state` adds another block 0 to the next dump. Which of them the node
 * then answers for block 0 depends on their order in the file: after a few restarts the genesis
 * hash seemed to change, and anything that told a restarted chain from a new one by that hash
 * (the deployment record, once) decided the chain had been reset.
 *
 * @returns how many duplicate block-0 entries were dropped
 */
export function dropDuplicateGenesis(state: StateJson): number {
  const blocks = state.blocks;
  if (!blocks) return 0;
  const genesis = blocks.filter((block) => BigInt(block.header.number) === 0n);
  if (genesis.length <= 1) return 0;
  const oldest = genesis.reduce((a, b) => (BigInt(b.header.timestamp) < BigInt(a.header.timestamp) ? b : a));
  state.blocks = blocks.filter((block) => BigInt(block.header.number) !== 0n || block === oldest);
  return genesis.length - 1;
}

/**
 * Reads the state file and rewrites it without duplicate genesis blocks when it has any, so the
 * node loads one chain with one block 0.
 *
 * @returns false when there is no file yet (a new chain)
 * @throws MarqueError when the file is not anvil state JSON (it is never written half: see {@link writeChainState})
 */
export async function prepareChainState(file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new MarqueError('chain', `cannot read the chain's state file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const damaged = (problem: string, cause?: unknown) =>
    new MarqueError('chain', `the chain's state file ${file} is damaged: ${problem}`, {
      details: 'the local chain cannot start from it; move the file away to start a new chain (its twins and records are then gone)',
      cause,
    });
  let state: StateJson;
  try {
    state = parseExact(text);
  } catch (error) {
    throw damaged((error as Error).message, error);
  }
  if (!Array.isArray((state as StateJson | null)?.blocks)) throw damaged('it has no "blocks" list');
  if (dropDuplicateGenesis(state) > 0) await writeAtomically(file, JSON.stringify(state));
  return true;
}

/**
 * Writes what `anvil_dumpState` returned (gzip-compressed state JSON, hex) to `file`, without
 * duplicate genesis blocks. The file is replaced in one step after its bytes reach the disk: a
 * crash at any moment leaves the previous state or the new one, never half of either.
 */
export async function writeChainState(file: string, dump: `0x${string}`): Promise<void> {
  const state = parseExact(gunzipSync(Buffer.from(dump.slice(2), 'hex')).toString('utf8'));
  dropDuplicateGenesis(state);
  await writeAtomically(file, JSON.stringify(state));
}

/** Writes `text` to a temporary file beside `file`, flushes it to disk, then renames it over `file`. */
export async function writeAtomically(file: string, text: string, mode = 0o600): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
}
