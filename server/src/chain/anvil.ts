import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPublicClient, createTestClient, http } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import { claimNamedPort } from '../ports';
import { prepareChainState, writeChainState } from './chain-state-file';

/** Options for {@link startAnvil}. */
export interface AnvilOptions {
  /** Interface to listen on. */
  host?: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /**
   * JSON file holding the chain: loaded at start when it exists, and saved by this module (not by
   * anvil, which writes it in place and appends a genesis block at each start) whenever the head
   * moved, on {@link AnvilNode.checkpoint} and on {@link AnvilNode.stop}, always replaced in one
   * step. Its folder is created, private to this user, with an `anvil.pid` beside the file while
   * the node runs. Without it the chain lives in memory.
   */
  stateFile?: string;
  /** How often the chain's head is checked and, when it moved, the state file saved. */
  checkpointIntervalMs?: number;
  /** Chain id the node reports; 31337 is what wallets and viem's `foundry` chain expect locally. */
  chainId?: number;
  /** Seconds between blocks; 0 mines one block per transaction as soon as it arrives. */
  blockTimeSeconds?: number;
  /** Mnemonic of the funded dev accounts. */
  mnemonic?: string;
  /** Number of funded dev accounts derived from `mnemonic`. */
  accounts?: number;
  /** Pass anvil's log (banner, requests, mined blocks) through to this process's output. */
  verbose?: boolean;
  /** How long to wait for the node to answer `eth_chainId`. */
  startTimeoutMs?: number;
  /** How long {@link AnvilNode.stop} waits for a clean exit before killing. */
  stopTimeoutMs?: number;
  /** Called when the node exits without {@link AnvilNode.stop} (killed, crashed), with what happened. */
  onUnexpectedExit?: (reason: string) => void;
  /** Where to say what happened to a node an earlier process left running. */
  log?: (line: string) => void;
}

/** Defaults of {@link AnvilOptions}; `stateFile` has none: the chain is in memory unless given. */
export const ANVIL_DEFAULTS: Required<Omit<AnvilOptions, 'stateFile' | 'onUnexpectedExit'>> = {
  host: '127.0.0.1',
  port: 0,
  checkpointIntervalMs: 250,
  chainId: 31337,
  blockTimeSeconds: 0,
  // Anvil's own default, spelled out so account addresses stay fixed if anvil ever changes it.
  mnemonic: 'test test test test test test test test test test test junk',
  accounts: 10,
  verbose: false,
  startTimeoutMs: 10_000,
  stopTimeoutMs: 10_000,
  log: () => {},
};

/** A running anvil node. */
export interface AnvilNode {
  /** HTTP JSON-RPC endpoint, e.g. `http://127.0.0.1:8545`. */
  rpcUrl: string;
  /** Chain id the node answered with. */
  chainId: number;
  /** Port it listens on; the one picked when the options said 0. */
  port: number;
  /** Process id of the anvil binary. */
  pid: number;
  /**
   * Saves the chain to the state file when its head moved since the last save, and resolves once
   * the file on disk holds it. Whatever is recorded elsewhere about the chain (the server's index)
   * waits for this first, so a crash of the chain never leaves a record of blocks it lost.
   * Resolves at once without a state file.
   */
  checkpoint(): Promise<void>;
  /**
   * Saves the chain (see {@link checkpoint}), stops the node with SIGINT and resolves once it has
   * exited; sends SIGKILL after `stopTimeoutMs`. Safe to call more than once.
   */
  stop(): Promise<void>;
}

const STDERR_LINES_KEPT = 20;
// Node's names for CPUs → the suffix of anvil's platform packages.
const ANVIL_ARCH: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };
const POLL_INTERVAL_MS = 50;
/** Most a stop waits for the node to mine the transactions it has accepted. */
const POOL_DRAIN_MS = 2_000;

/** Children to take down if this process exits without stopping them. */
const running = new Set<ChildProcess>();
let strayHandlerInstalled = false;

/**
 * Starts a local anvil node from the `@foundry-rs/anvil` binary and resolves once it answers
 * `eth_chainId`.
 *
 * If this process exits normally (end of event loop, `process.exit`) without calling `stop`, the
 * node gets SIGINT from an exit handler. A process killed by a signal runs no exit handler: entry
 * points that install SIGINT/SIGTERM handlers must call `stop` from them.
 *
 * @throws MarqueError (`chain: ...`) when the port is taken, the node exits while starting (a
 * corrupt state file, for instance) or does not answer within `startTimeoutMs`.
 */
export async function startAnvil(options: AnvilOptions = {}): Promise<AnvilNode> {
  const settings = { ...ANVIL_DEFAULTS, ...options };
  const { host, chainId, verbose } = settings;
  const stateFile = options.stateFile ? path.resolve(options.stateFile) : undefined;
  const pidFile = stateFile ? path.join(path.dirname(stateFile), 'anvil.pid') : undefined;
  if (stateFile && pidFile) {
    // Anvil silently skips saving when the folder is missing, losing the chain on exit.
    await mkdir(path.dirname(stateFile), { recursive: true, mode: 0o700 });
    await chmod(path.dirname(stateFile), 0o700);
    await saveLeftover(pidFile, stateFile, settings.log);
  }
  // Checked before anvil starts: a node already on the port would answer our readiness probe while
  // our anvil fails to bind and exits.
  const port = await claimNamedPort(settings.port, 'CHAIN_PORT', host, 'chain');
  const address = `${host}:${port}`;
  const rpcUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const args = [
    '--host', host,
    '--port', String(port),
    '--chain-id', String(chainId),
    '--mnemonic', settings.mnemonic,
    '--accounts', String(settings.accounts),
  ];
  if (settings.blockTimeSeconds > 0) args.push('--block-time', String(settings.blockTimeSeconds));
  if (stateFile && (await prepareChainState(stateFile))) args.push('--load-state', stateFile);
  if (!verbose) args.push('--quiet');

  // The binary itself, not the npm wrapper script: a signal to the wrapper would not reach anvil.
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', verbose ? 'inherit' : 'ignore', 'pipe'] });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (cause) => reject(new MarqueError('chain', `could not run anvil: ${cause.message}`, { cause })));
  });
  trackUntilExit(child);

  const stderrLines: string[] = [];
  createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (line) => {
    if (verbose) process.stderr.write(`${line}\n`);
    if (line.trim() === '') return;
    stderrLines.push(line);
    if (stderrLines.length > STDERR_LINES_KEPT) stderrLines.shift();
  });
  const stderrTail = () => stderrLines.join('\n') || '(nothing on stderr)';

  const notReady = await pollChainId(rpcUrl, chainId, Date.now() + settings.startTimeoutMs, () => hasExited(child));
  if (notReady !== null) {
    const exitedEarly = hasExited(child);
    child.kill('SIGKILL');
    // After close, stderr has been read to its end, so the message holds anvil's last words.
    await closed;
    throw exitedEarly
      ? new MarqueError('chain', `anvil exited (${exitDescription(child)}) before it started on ${address}: ${stderrTail()}`, {
          details: 'with a state file, a truncated or foreign file is the usual reason; move it away to start afresh',
        })
      : new MarqueError(
          'chain',
          `anvil did not start on ${address} within ${settings.startTimeoutMs / 1000}s: ${stderrTail()}`,
          { details: `last eth_chainId probe: ${notReady}` },
        );
  }

  let stopping: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  void closed.then(() => {
    clearInterval(timer);
    if (pidFile) void rm(pidFile, { force: true });
    if (stopping) return;
    const reason = `chain: anvil on ${address} exited unexpectedly (${exitDescription(child)}): ${stderrTail()}`;
    if (settings.onUnexpectedExit) settings.onUnexpectedExit(reason);
    else console.error(reason);
  });

  if (pidFile) await writeFile(pidFile, JSON.stringify({ pid: child.pid!, host, port } satisfies LeftoverNode), { mode: 0o600 });
  const saver = stateFile ? stateSaver(rpcUrl, stateFile) : undefined;
  // The first save also writes a new chain's file, so a crash before anything happened still finds one.
  await saver?.(true);
  timer = setInterval(() => {
    saver?.(false).catch((error: unknown) => {
      if (!hasExited(child)) settings.log(`chain: could not save the chain's state: ${(error as Error).message.split('\n')[0]}`);
    });
  }, settings.checkpointIntervalMs);
  timer.unref();

  return {
    rpcUrl,
    chainId,
    port,
    pid: child.pid!,
    async checkpoint() {
      await saver?.(false);
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        if (hasExited(child)) return;
        // A node that no longer answers is not waited on past the stop's own time-out.
        const saved = saver?.(true).catch((error: unknown) => settings.log(`chain: could not save the chain's state before stopping: ${(error as Error).message}`));
        await Promise.race([saved, sleep(settings.stopTimeoutMs)]);
        const kill = setTimeout(() => child.kill('SIGKILL'), settings.stopTimeoutMs);
        child.kill('SIGINT');
        await closed;
        clearTimeout(kill);
      })();
      return stopping;
    },
  };
}

/** What `anvil.pid` beside a state file says about the node running on it. */
interface LeftoverNode {
  pid: number;
  host: string;
  port: number;
}

/**
 * Saves the node's state to `stateFile` in turn with other saves; `force` (a stop) first lets the
 * node mine what it has accepted (a transaction answered with its hash a moment before Ctrl-C),
 * then saves even when the head has not moved since the last save.
 */
function stateSaver(rpcUrl: string, stateFile: string): (force: boolean) => Promise<void> {
  const transport = http(rpcUrl, { retryCount: 0, timeout: 30_000 });
  const client = createTestClient({ mode: 'anvil', transport });
  const reader = createPublicClient({ transport });
  let saved: bigint | undefined;
  let queue: Promise<void> = Promise.resolve();
  return (force) => {
    const next = queue.then(async () => {
      if (force) {
        const deadline = Date.now() + POOL_DRAIN_MS;
        while ((await client.getTxpoolStatus()).pending > 0 && Date.now() < deadline) await sleep(POLL_INTERVAL_MS / 5);
      }
      const head = await reader.getBlockNumber({ cacheTime: 0 });
      if (!force && head === saved) return;
      await writeChainState(stateFile, await client.dumpState());
      saved = head;
    });
    queue = next.catch(() => {});
    return next;
  };
}

/**
 * An earlier process that was killed (`kill -9` of `npm start`) leaves its anvil running, holding
 * the port and the newest state of the chain. Saves that state to `stateFile` and stops the node,
 * so this start goes on from exactly where the chain was.
 */
async function saveLeftover(pidFile: string, stateFile: string, log: (line: string) => void): Promise<void> {
  let leftover: LeftoverNode;
  try {
    leftover = JSON.parse(await readFile(pidFile, 'utf8')) as LeftoverNode;
  } catch {
    return;
  }
  if (!isAnvil(leftover.pid)) {
    await rm(pidFile, { force: true });
    return;
  }
  const rpcUrl = `http://${leftover.host.includes(':') ? `[${leftover.host}]` : leftover.host}:${leftover.port}`;
  try {
    await stateSaver(rpcUrl, stateFile)(true);
    log(`chain: saved the chain of the anvil (pid ${leftover.pid}) an earlier Marque left running, and stopped it`);
  } catch (error) {
    log(`chain: an earlier Marque left anvil (pid ${leftover.pid}) running and it does not answer (${(error as Error).message.split('\n')[0]}); stopping it and starting from the last saved state`);
  }
  process.kill(leftover.pid, 'SIGINT');
  // Until it has exited, not only stopped being anvil: an exiting process drops its command line
  // (its memory) before it closes its sockets, and the port must be free for this start.
  const deadline = Date.now() + ANVIL_DEFAULTS.stopTimeoutMs;
  while (isLive(leftover.pid) && Date.now() < deadline) await sleep(POLL_INTERVAL_MS);
  if (isLive(leftover.pid)) process.kill(leftover.pid, 'SIGKILL');
  while (isLive(leftover.pid)) await sleep(POLL_INTERVAL_MS);
  await rm(pidFile, { force: true });
}

/** True while `pid` has not exited (a zombie has: its files, sockets included, are closed). */
function isLive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** True while `pid` is a running (not exited) anvil process. */
export function isAnvil(pid: number): boolean {
  try {
    return isLive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('anvil');
  } catch {
    return false;
  }
}


/**
 * Polls `eth_chainId` until the node answers `expected`. Returns null when it did, or the last
 * problem once `deadline` passes or `gaveUp` says there is no point waiting any more.
 */
async function pollChainId(
  rpcUrl: string,
  expected: number,
  deadline: number,
  gaveUp: () => boolean,
): Promise<string | null> {
  // No retries inside viem: this loop is the retry, and it must notice the deadline.
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 1_000 }) });
  let problem = 'no answer';
  while (Date.now() < deadline && !gaveUp()) {
    try {
      const chainId = await client.getChainId();
      if (chainId === expected) return null;
      problem = `answered chain id ${chainId}, expected ${expected}`;
    } catch (error) {
      problem = (error as Error).message.split('\n')[0];
    }
    await sleep(POLL_INTERVAL_MS);
  }
  return problem;
}

function anvilBinary(): string {
  // Mirrors how @foundry-rs/anvil's bin.mjs picks its optional platform package.
  const arch = ANVIL_ARCH[process.arch] ?? process.arch;
  const name = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${arch}`;
  try {
    return createRequire(import.meta.url).resolve(`${platformPackage}/bin/${name}`);
  } catch (cause) {
    throw new MarqueError(
      'chain',
      `no anvil binary for ${process.platform}-${process.arch}; install ${platformPackage} or set RPC_URL to an existing node`,
      { cause },
    );
  }
}

function trackUntilExit(child: ChildProcess): void {
  if (!strayHandlerInstalled) {
    process.on('exit', stopStrays);
    strayHandlerInstalled = true;
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
}

function stopStrays(): void {
  // Exit handlers cannot wait; SIGINT still lets anvil write its state file on its own.
  for (const child of running) child.kill('SIGINT');
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exitDescription(child: ChildProcess): string {
  return child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
}
