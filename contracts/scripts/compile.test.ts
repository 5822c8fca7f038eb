import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileContracts, loadArtifact } from './compile';

let root: string;
let sourcesDir: string;
let artifactsDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'marque-compile-'));
  sourcesDir = path.join(root, 'src');
  artifactsDir = path.join(root, 'artifacts');
  await mkdir(sourcesDir);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

const counter = (name: string, extra = '') => `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
contract ${name} {
    uint256 public count;
    function increment() external { count += 1; ${extra} }
}
`;

describe('compileContracts', () => {
  it('writes an artifact with ABI and bytecode, then reuses it while the sources are unchanged', async () => {
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter'));

    const first = await compileContracts({ sourcesDir, artifactsDir });
    const written = (await stat(path.join(artifactsDir, 'Counter.json'))).mtimeMs;
    const second = await compileContracts({ sourcesDir, artifactsDir });

    expect(first.cached).toBe(false);
    expect(first.artifacts.map((a) => a.contractName)).toEqual(['Counter']);
    expect(first.artifacts[0]?.abi.map((item) => ('name' in item ? item.name : item.type)).sort()).toEqual([
      'count',
      'increment',
    ]);
    expect(first.artifacts[0]?.bytecode).toMatch(/^0x(?:[0-9a-f]{2})+$/);
    expect(second).toEqual({ artifacts: first.artifacts, cached: true });
    expect((await stat(path.join(artifactsDir, 'Counter.json'))).mtimeMs).toBe(written);
  });

  it('recompiles after a source changes and drops artifacts of contracts that are gone', async () => {
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter'));
    const before = await compileContracts({ sourcesDir, artifactsDir });

    await rm(path.join(sourcesDir, 'Counter.sol'));
    await writeFile(path.join(sourcesDir, 'Tally.sol'), counter('Tally'));
    const after = await compileContracts({ sourcesDir, artifactsDir });

    expect(after.cached).toBe(false);
    expect(after.artifacts[0]?.sourceHash).not.toBe(before.artifacts[0]?.sourceHash);
    expect(await readdir(artifactsDir)).toEqual(['Tally.json']);
  });

  it('throws every compiler error, prefixed with its unit', async () => {
    await writeFile(path.join(sourcesDir, 'Broken.sol'), counter('Broken', 'missing(); alsoMissing();'));

    const failure = compileContracts({ sourcesDir, artifactsDir });

    await expect(failure).rejects.toThrow(/^contracts: solc found 2 error\(s\) in .*\n\nDeclarationError: Undeclared identifier/);
    await expect(failure).rejects.toThrow(/--> Broken\.sol:5:49:[^]*--> Broken\.sol:5:60:/);
  });

  it('prints warnings and still compiles', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter', 'uint256 unused;'));

    const { artifacts } = await compileContracts({ sourcesDir, artifactsDir });

    expect(artifacts).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^Warning: Unused local variable/));
  });

  it('compiles sources in subfolders, which may import the others by relative path', async () => {
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter'));
    await mkdir(path.join(sourcesDir, 'test'));
    await writeFile(
      path.join(sourcesDir, 'test', 'CounterUser.sol'),
      `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import {Counter} from "../Counter.sol";
contract CounterUser { function bump(Counter c) external { c.increment(); } }
`,
    );

    const { artifacts } = await compileContracts({ sourcesDir, artifactsDir });

    expect(artifacts.map((a) => a.contractName).sort()).toEqual(['Counter', 'CounterUser']);
    expect((await readdir(artifactsDir)).sort()).toEqual(['Counter.json', 'CounterUser.json']);
    expect((await compileContracts({ sourcesDir, artifactsDir })).cached).toBe(true);
  });

  it('refuses two contracts of the same name, whose artifacts would overwrite each other', async () => {
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter'));
    await mkdir(path.join(sourcesDir, 'test'));
    await writeFile(path.join(sourcesDir, 'test', 'Counter.sol'), counter('Counter'));

    await expect(compileContracts({ sourcesDir, artifactsDir })).rejects.toThrow(
      'contracts: test/Counter.sol and another source both define a contract named Counter; rename one of them',
    );
  });

  it('insists that each file defines a contract named after it', async () => {
    await writeFile(path.join(sourcesDir, 'Counters.sol'), counter('Counter'));

    await expect(compileContracts({ sourcesDir, artifactsDir })).rejects.toThrow(
      'contracts: Counters.sol defines no contract named Counters; name each file after its main contract',
    );
  });
});

describe('loadArtifact', () => {
  it('compiles a missing artifact and names a contract that does not exist', async () => {
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter'));

    const artifact = await loadArtifact('Counter', { sourcesDir, artifactsDir });

    expect(artifact.contractName).toBe('Counter');
    expect(await readdir(artifactsDir)).toEqual(['Counter.json']);
    await expect(loadArtifact('Nope', { sourcesDir, artifactsDir })).rejects.toThrow(
      `contracts: no contract named Nope in ${sourcesDir}`,
    );
  });
});
