import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { REPO_ROOT } from '../config';
import { claimPort } from '../ports';

/** A server started as its own process (`npm run serve`), reachable at its own address. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Stops it (SIGTERM) and waits for the exit; nothing when it is already gone. */
  stop(): Promise<void>;
}

/**
 * Starts `server/src/index.ts` as process `index` with `env` (REDIS_URL, RPC_URL, TWIN_ADDRESS, …)
 * on a free port that is also its public address, sharing the session secret with every other
 * process a test starts. The parent's DATABASE_URL is not passed on: a process shares a database
 * only when `env` names one.
 */
export async function startServerProcess(index: number, env: Record<string, string>): Promise<ServerProcess> {
  const port = await claimPort();
  const { DATABASE_URL: _shared, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      PORT: String(port),
      PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      SESSION_SECRET: 'scale-out-test-secret-shared-by-every-process',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server ${index} did not start: ${output.join('')}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('Marque server on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server ${index} exited (${code}): ${output.join('')}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The process a room instance lives on, from the room listing the processes share in Redis. */
export async function hostingProcess(redisUrl: string, servers: readonly ServerProcess[], roomId: string): Promise<ServerProcess> {
  const redis = new Redis(redisUrl);
  const listing = JSON.parse((await redis.hget('roomcaches', roomId)) ?? '{}') as { publicAddress?: string };
  redis.disconnect();
  const hosting = servers.find((s) => s.url === `http://${listing.publicAddress}`);
  if (!hosting) throw new Error(`no server process found for room ${roomId} (listing says ${listing.publicAddress})`);
  return hosting;
}
