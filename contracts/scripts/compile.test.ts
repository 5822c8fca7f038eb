import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMPILE_DEFAULTS, compileContracts, loadArtifact, renderAbiModule } from './compile';

let root: string;
let sourcesDir: string;
let artifactsDir: string;
let abiModule: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'marque-compile-'));
  sourcesDir = path.join(root, 'src');
  artifactsDir = path.join(root, 'artifacts');
  abiModule = path.join(root, 'abis.ts');
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

    const first = await compileContracts({ sourcesDir, artifactsDir, abiModule });
    const written = (await stat(path.join(artifactsDir, 'Counter.json'))).mtimeMs;
    const second = await compileContracts({ sourcesDir, artifactsDir, abiModule });

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
    const before = await compileContracts({ sourcesDir, artifactsDir, abiModule });

    await rm(path.join(sourcesDir, 'Counter.sol'));
    await writeFile(path.join(sourcesDir, 'Tally.sol'), counter('Tally'));
    const after = await compileContracts({ sourcesDir, artifactsDir, abiModule });

    expect(after.cached).toBe(false);
    expect(after.artifacts[0]?.sourceHash).not.toBe(before.artifacts[0]?.sourceHash);
    expect(await readdir(artifactsDir)).toEqual(['Tally.json']);
  });

  it('throws every compiler error, prefixed with its unit', async () => {
    await writeFile(path.join(sourcesDir, 'Broken.sol'), counter('Broken', 'missing(); alsoMissing();'));

    const failure = compileContracts({ sourcesDir, artifactsDir, abiModule });

    await expect(failure).rejects.toThrow(/^contracts: solc found 2 error\(s\) in .*; fix them and compile again\n\nDetails: DeclarationError: Undeclared identifier/);
    await expect(failure).rejects.toThrow(/--> Broken\.sol:5:49:[^]*--> Broken\.sol:5:60:/);
  });

  it('prints warnings and still compiles', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter', 'uint256 unused;'));

    const { artifacts } = await compileContracts({ sourcesDir, artifactsDir, abiModule });

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

    const { artifacts } = await compileContracts({ sourcesDir, artifactsDir, abiModule });

    expect(artifacts.map((a) => a.contractName).sort()).toEqual(['Counter', 'CounterUser']);
    expect((await readdir(artifactsDir)).sort()).toEqual(['Counter.json', 'CounterUser.json']);
    expect((await compileContracts({ sourcesDir, artifactsDir, abiModule })).cached).toBe(true);
  });

  it('refuses two contracts of the same name, whose artifacts would overwrite each other', async () => {
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter'));
    await mkdir(path.join(sourcesDir, 'test'));
    await writeFile(path.join(sourcesDir, 'test', 'Counter.sol'), counter('Counter'));

    await expect(compileContracts({ sourcesDir, artifactsDir, abiModule })).rejects.toThrow(
      'contracts: test/Counter.sol and another source both define a contract named Counter; rename one of them',
    );
  });

  it('insists that each file defines a contract named after it', async () => {
    await writeFile(path.join(sourcesDir, 'Counters.sol'), counter('Counter'));

    await expect(compileContracts({ sourcesDir, artifactsDir, abiModule })).rejects.toThrow(
      'contracts: Counters.sol defines no contract named Counters; name each file after its main contract',
    );
  });
});

describe('loadArtifact', () => {
  it('compiles a missing artifact and names a contract that does not exist', async () => {
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter'));

    const artifact = await loadArtifact('Counter', { sourcesDir, artifactsDir, abiModule });

    expect(artifact.contractName).toBe('Counter');
    expect(await readdir(artifactsDir)).toEqual(['Counter.json']);
    await expect(loadArtifact('Nope', { sourcesDir, artifactsDir, abiModule })).rejects.toThrow(
      `contracts: no contract named Nope in ${sourcesDir}`,
    );
  });
});

describe('the generated ABI module', () => {
  it('names one typed constant per contract and leaves test contracts out', async () => {
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter'));
    await writeFile(path.join(sourcesDir, 'TestCounter.sol'), counter('TestCounter'));
    await compileContracts({ sourcesDir, artifactsDir, abiModule });

    const module = await readFile(abiModule, 'utf8');
    expect(module).toMatch(/^export const counterAbi = \[/m);
    expect(module).toMatch(/\] as const;$/m);
    expect(module).not.toContain('testCounterAbi');
  });

  it('is rewritten when it is missing though the artifacts are up to date', async () => {
    await writeFile(path.join(sourcesDir, 'Counter.sol'), counter('Counter'));
    await compileContracts({ sourcesDir, artifactsDir, abiModule });
    await rm(abiModule);

    expect((await compileContracts({ sourcesDir, artifactsDir, abiModule })).cached).toBe(true);
    expect(await readFile(abiModule, 'utf8')).toContain('export const counterAbi');
  });

  it('in the repository matches the committed artifacts', async () => {
    const names = (await readdir(COMPILE_DEFAULTS.artifactsDir)).filter((f) => f.endsWith('.json'));
    const artifacts = await Promise.all(names.map(async (f) => JSON.parse(await readFile(path.join(COMPILE_DEFAULTS.artifactsDir, f), 'utf8'))));
    expect(await readFile(COMPILE_DEFAULTS.abiModule!, 'utf8')).toBe(renderAbiModule(artifacts));
  });
});
