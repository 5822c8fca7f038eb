import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPublicClient, createWalletClient, http, parseEther } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANVIL_DEFAULTS, type AnvilNode, startAnvil } from './anvil';

let tempDir: string;
const started: AnvilNode[] = [];

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'marque-anvil-'));
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((node) => node.stop()));
});
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startAnvil>[0] = {}): Promise<AnvilNode> {
  const node = await startAnvil(options);
  started.push(node);
  return node;
}

/** True while `pid` is a live process; a zombie waiting to be reaped counts as gone. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

async function waitUntilGone(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid) && Date.now() < deadline) await sleep(50);
  return !isRunning(pid);
}

describe('startAnvil', () => {
  it('starts a node on a free port that answers chain id 31337', async () => {
    const node = await start();
    const client = createPublicClient({ transport: http(node.rpcUrl) });

    expect(node.port).toBeGreaterThan(0);
    expect(node.rpcUrl).toBe(`http://127.0.0.1:${node.port}`);
    expect(node.chainId).toBe(31337);
    expect(await client.getChainId()).toBe(31337);
    const funded = mnemonicToAccount(ANVIL_DEFAULTS.mnemonic, { addressIndex: 9 });
    expect(await client.getBalance({ address: funded.address })).toBe(parseEther('10000'));
  });

  it('keeps balances and transactions across a restart with the same state file', async () => {
    const stateFile = path.join(tempDir, 'nested', 'chain.json');
    const sender = mnemonicToAccount(ANVIL_DEFAULTS.mnemonic);
    const recipient = '0x000000000000000000000000000000000000bEEF';

    const first = await start({ stateFile });
    const wallet = createWalletClient({ account: sender, chain: foundry, transport: http(first.rpcUrl) });
    const hash = await wallet.sendTransaction({ to: recipient, value: 12_345n });
    const firstClient = createPublicClient({ transport: http(first.rpcUrl) });
    const { blockNumber } = await firstClient.waitForTransactionReceipt({ hash });
    const genesis = await firstClient.getBlock({ blockNumber: 0n });
    await first.stop();

    const second = await start({ stateFile });
    const client = createPublicClient({ transport: http(second.rpcUrl) });
    expect(await client.getBalance({ address: recipient })).toBe(12_345n);
    const receipt = await client.getTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    expect(receipt.blockNumber).toBe(blockNumber);
    expect(await client.getBlockNumber()).toBe(blockNumber);
    // Deployment records tell a restarted chain from a new one by this hash.
    expect((await client.getBlock({ blockNumber: 0n })).hash).toBe(genesis.hash);
  });

  it('keeps one genesis block and every transaction over seven restarts', async () => {
    // anvil adds a genesis block at each start; left in its state file, block 0 seemed to change
    // at the 3rd or 4th restart, and npm start redeployed the contracts over the owners' twins.
    const stateFile = path.join(tempDir, 'seven.json');
    const wallet = mnemonicToAccount(ANVIL_DEFAULTS.mnemonic);
    const recipient = '0x000000000000000000000000000000000000dEaD';
    let genesis: string | undefined;
    for (let run = 1; run <= 7; run++) {
      const node = await start({ stateFile });
      const client = createPublicClient({ transport: http(node.rpcUrl) });
      const hash = (await client.getBlock({ blockNumber: 0n })).hash;
      genesis ??= hash;
      expect(hash, `genesis after ${run - 1} restarts`).toBe(genesis);
      expect(await client.getBalance({ address: recipient })).toBe(BigInt(run - 1));
      await createWalletClient({ account: wallet, chain: foundry, transport: http(node.rpcUrl) }).sendTransaction({ to: recipient, value: 1n });
      await node.stop();
    }
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { blocks: { header: { number: string } }[] };
    expect(saved.blocks.filter((block) => block.header.number === '0x0')).toHaveLength(1);
  });

  it('keeps what checkpoint() saved when the node is killed', async () => {
    const stateFile = path.join(tempDir, 'crashed.json');
    const first = await start({ stateFile, checkpointIntervalMs: 60_000 });
    const wallet = createWalletClient({
      account: mnemonicToAccount(ANVIL_DEFAULTS.mnemonic),
      chain: foundry,
      transport: http(first.rpcUrl),
    });
    const hash = await wallet.sendTransaction({ to: '0x000000000000000000000000000000000000cafE', value: 7n });
    await createPublicClient({ transport: http(first.rpcUrl) }).waitForTransactionReceipt({ hash, pollingInterval: 20 });
    await first.checkpoint();
    process.kill(first.pid, 'SIGKILL');
    await first.stop();

    const second = await start({ stateFile });
    const client = createPublicClient({ transport: http(second.rpcUrl) });
    expect(await client.getBalance({ address: '0x000000000000000000000000000000000000cafE' })).toBe(7n);
  });

  it('saves the chain of a node a killed process left running, stops it, and goes on from there', async () => {
    const stateFile = path.join(tempDir, 'orphan', 'chain.json');
    // The parent is killed outright (kill -9 of npm start): no exit handler stops its anvil.
    const script = `
      const { startAnvil } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'anvil.ts'))});
      const node = await startAnvil({ stateFile: ${JSON.stringify(stateFile)}, checkpointIntervalMs: 600_000 });
      console.log(JSON.stringify({ pid: node.pid, rpcUrl: node.rpcUrl, port: node.port }));
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve) => child.stdout.setEncoding('utf8').once('data', resolve));
    const orphan = JSON.parse(line) as { pid: number; rpcUrl: string; port: number };
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // A transfer after the last save: only the running orphan holds it.
    await createWalletClient({ account: mnemonicToAccount(ANVIL_DEFAULTS.mnemonic), chain: foundry, transport: http(orphan.rpcUrl) })
      .sendTransaction({ to: '0x000000000000000000000000000000000000f00d', value: 9n });
    expect(isRunning(orphan.pid)).toBe(true);

    const lines: string[] = [];
    const node = await start({ stateFile, port: orphan.port, log: (l) => lines.push(l) });

    expect(isRunning(orphan.pid)).toBe(false);
    expect(lines.join('\n')).toContain(`saved the chain of the anvil (pid ${orphan.pid}) an earlier Marque left running`);
    const client = createPublicClient({ transport: http(node.rpcUrl) });
    expect(await client.getBalance({ address: '0x000000000000000000000000000000000000f00d' })).toBe(9n);
  });

  it('leaves no process behind once stopped', async () => {
    const node = await start();

    await node.stop();
    await node.stop();

    expect(isRunning(node.pid)).toBe(false);
    await expect(fetch(node.rpcUrl, { method: 'POST' })).rejects.toThrow();
  });

  it('kills a node that ignores SIGINT once stopTimeoutMs has passed', async () => {
    const node = await start({ stopTimeoutMs: 300 });
    // A stopped process leaves SIGINT pending; only SIGKILL ends it.
    process.kill(node.pid, 'SIGSTOP');

    const stopping = performance.now();
    await node.stop();

    expect(performance.now() - stopping).toBeGreaterThanOrEqual(250);
    expect(isRunning(node.pid)).toBe(false);
  });

  it('takes its node down when the Node process exits without stopping it', async () => {
    const script = `
      const { startAnvil } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'anvil.ts'))});
      const node = await startAnvil();
      console.log(node.pid);
      process.exit(0);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));

    expect(code).toBe(0);
    const pid = Number(output.trim());
    expect(pid).toBeGreaterThan(0);
    expect(await waitUntilGone(pid)).toBe(true);
  });

  it('refuses a port that is in use, saying which and what to do', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startAnvil({ port })).rejects.toThrow(
        `chain: port ${port} on 127.0.0.1 is in use by another program; stop it, or set CHAIN_PORT to a free port (0 picks one)`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('gives up after startTimeoutMs with a clear error', async () => {
    await expect(startAnvil({ startTimeoutMs: 1 })).rejects.toThrow(
      /^chain: anvil did not start on 127\.0\.0\.1:\d+ within 0\.001s: /,
    );
  });

  it('reports anvil’s own reason when it exits while starting', async () => {
    const stateFile = path.join(tempDir, 'truncated.json');
    // Only anvil itself knows a file of the right shape with a wrong chain in it.
    await writeFile(stateFile, JSON.stringify({ blocks: [], accounts: 'not accounts' }));

    await expect(startAnvil({ stateFile })).rejects.toThrow(
      /^chain: anvil exited \(code 2\) before it started on 127\.0\.0\.1:\d+: /,
    );
  });

  it('says the state file is damaged when it is not JSON, and what to do', async () => {
    const stateFile = path.join(tempDir, 'truncated-state.json');
    await writeFile(stateFile, '{"block":');

    await expect(startAnvil({ stateFile })).rejects.toThrow(/^chain: the chain's state file .* is damaged: /);
  });
});
