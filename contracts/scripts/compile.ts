import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Abi, Hex } from 'viem';
import { MarqueError } from '../../protocol/src/errors';

const require = createRequire(import.meta.url);
const CONTRACTS_DIR = path.resolve(import.meta.dirname, '..');

/** What `compileContracts` writes for each contract: everything viem needs to deploy and call it. */
export interface ContractArtifact {
  contractName: string;
  abi: Abi;
  /** Creation bytecode; `0x` for interfaces and abstract contracts. */
  bytecode: Hex;
  /** Hash of every input of the compilation; the artifact is stale when it differs. */
  sourceHash: string;
}

/** Options for {@link compileContracts} and {@link loadArtifact}. */
export interface CompileOptions {
  /**
   * Folder of the `.sol` sources, subfolders included; each file is named after its main contract
   * and contract names are unique across files.
   */
  sourcesDir?: string;
  /** Folder the `<Name>.json` artifacts are written to. */
  artifactsDir?: string;
  /**
   * The TypeScript module of the contracts' ABIs (`as const`, so viem infers every call's types),
   * written beside the artifacts; `null` writes none (tests compiling their own sources).
   */
  abiModule?: string | null;
  /** Compile even when the artifacts are up to date. */
  force?: boolean;
}

/** Defaults of {@link CompileOptions}: the repository's `contracts/src` and `contracts/artifacts`. */
export const COMPILE_DEFAULTS: Required<CompileOptions> = {
  sourcesDir: path.join(CONTRACTS_DIR, 'src'),
  artifactsDir: path.join(CONTRACTS_DIR, 'artifacts'),
  abiModule: path.join(CONTRACTS_DIR, '..', 'protocol', 'src', 'contracts', 'abis.ts'),
  force: false,
};

/** Result of {@link compileContracts}. */
export interface CompileResult {
  /** One per contract defined in the sources (not the imported ones). */
  artifacts: ContractArtifact[];
  /** True when the artifacts were up to date and solc did not run. */
  cached: boolean;
}

// Part of the cache key: changing any of these must recompile.
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
} as const;

const IMPORT_PATTERN = /^\s*import\s+(?:[^"';]*\s+from\s+)?["']([^"']+)["']/gm;

interface SolcError {
  severity: 'error' | 'warning' | 'info';
  formattedMessage: string;
}

interface SolcOutput {
  errors?: SolcError[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

interface Sources {
  /** Source unit name (the file name) → content. */
  contents: Map<string, string>;
  hash: string;
}

/**
 * Compiles every `.sol` file of the sources folder and its subfolders with the bundled solc-js
 * (optimizer on, 200 runs, EVM cancun), resolving package imports such as `@openzeppelin/contracts/...` from
 * node_modules, and writes one `<ContractName>.json` artifact per contract.
 *
 * Does nothing when every artifact's `sourceHash` matches the sources, the versions of the
 * imported packages, the solc version and the settings. Warnings are printed.
 *
 * @throws Error starting with `contracts: ` that lists every compiler error.
 */
export async function compileContracts(options: CompileOptions = {}): Promise<CompileResult> {
  const { sourcesDir, artifactsDir, abiModule, force } = { ...COMPILE_DEFAULTS, ...options };
  const sources = await readSources(sourcesDir);
  if (!force) {
    const cached = await readFreshArtifacts(sources, artifactsDir);
    if (cached) {
      if (abiModule) {
        const module = renderAbiModule(cached);
        if ((await readFile(abiModule, 'utf8').catch(() => '')) !== module) await writeAtomically(abiModule, module);
      }
      return { artifacts: cached, cached: true };
    }
  }

  const output = await runSolc(sources);
  const problems = output.errors ?? [];
  for (const warning of problems.filter((p) => p.severity === 'warning')) {
    console.warn(warning.formattedMessage.trimEnd());
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new MarqueError('contracts', `solc found ${errors.length} error(s) in ${sourcesDir}; fix them and compile again`, {
      details: errors.map((e) => e.formattedMessage.trimEnd()).join('\n\n'),
    });
  }

  const artifacts: ContractArtifact[] = [];
  for (const file of sources.contents.keys()) {
    const contracts = output.contracts?.[file] ?? {};
    const mainContract = path.basename(file, '.sol');
    if (!(mainContract in contracts)) {
      // The cache looks artifacts up by file name, so the convention must hold.
      throw new MarqueError('contracts', `${file} defines no contract named ${mainContract}; name each file after its main contract`);
    }
    for (const [contractName, { abi, evm }] of Object.entries(contracts)) {
      if (artifacts.some((a) => a.contractName === contractName)) {
        // Artifacts are one flat folder named by contract: the second would overwrite the first.
        throw new MarqueError('contracts', `${file} and another source both define a contract named ${contractName}; rename one of them`);
      }
      artifacts.push({ contractName, abi, bytecode: `0x${evm.bytecode.object}`, sourceHash: sources.hash });
    }
  }
  await writeArtifacts(artifacts, artifactsDir);
  if (abiModule) await writeAtomically(abiModule, renderAbiModule(artifacts));
  return { artifacts, cached: false };
}

/**
 * The generated module of ABIs: one `<contract>Abi` constant per deployable or interface contract
 * (test-only `Test*` contracts left out), sorted by name, so that the client, the server and the
 * tests call the contracts with types checked against what solc compiled.
 */
export function renderAbiModule(artifacts: readonly ContractArtifact[]): string {
  const lines = [
    '// Generated by contracts/scripts/compile.ts from contracts/artifacts: do not edit; run `npm run contracts:build`.',
    '',
  ];
  const shipped = artifacts.filter((a) => !a.contractName.startsWith('Test')).sort((a, b) => a.contractName.localeCompare(b.contractName));
  for (const { contractName, abi } of shipped) {
    const constant = `${contractName[0]!.toLowerCase()}${contractName.slice(1)}Abi`;
    lines.push(`/** ${contractName}'s ABI. */`, `export const ${constant} = ${JSON.stringify(abi, null, 2)} as const;`, '');
  }
  return lines.join('\n');
}

/**
 * Returns the artifact of contract `name`, compiling first when it is missing or stale.
 * @throws Error starting with `contracts: ` when no source defines the contract or compiling fails.
 */
export async function loadArtifact(name: string, options: CompileOptions = {}): Promise<ContractArtifact> {
  const { sourcesDir, artifactsDir } = { ...COMPILE_DEFAULTS, ...options };
  const sources = await readSources(sourcesDir);
  const stored = await readArtifact(path.join(artifactsDir, `${name}.json`));
  if (stored?.sourceHash === sources.hash && !options.force) return stored;

  const { artifacts } = await compileContracts({ ...options, force: true });
  const artifact = artifacts.find((a) => a.contractName === name);
  if (!artifact) {
    throw new MarqueError('contracts', `no contract named ${name} in ${sourcesDir}; check the name or add the source`);
  }
  return artifact;
}

async function readSources(sourcesDir: string): Promise<Sources> {
  // Subfolders too (e.g. `test/` for test-only contracts); source unit names use `/` on every OS.
  const files = (await readdir(sourcesDir, { recursive: true }))
    .filter((f) => f.endsWith('.sol'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
  if (files.length === 0) throw new MarqueError('contracts', `no .sol files in ${sourcesDir}; add the contracts' sources there`);
  const contents = new Map<string, string>();
  for (const file of files) contents.set(file, await readFile(path.join(sourcesDir, file), 'utf8'));

  const hash = createHash('sha256');
  hash.update(JSON.stringify({ solc: solcVersion(), settings: SETTINGS, packages: importedPackages(contents) }));
  for (const [file, content] of contents) hash.update(`\0${file}\0${content}`);
  return { contents, hash: hash.digest('hex') };
}

/**
 * Versions of the npm packages the sources import. Hashing these instead of every imported file
 * is enough because packages such as OpenZeppelin import their own files by relative path.
 */
function importedPackages(contents: Map<string, string>): Record<string, string> {
  const packages: Record<string, string> = {};
  for (const content of contents.values()) {
    for (const [, importPath] of content.matchAll(IMPORT_PATTERN)) {
      if (importPath.startsWith('.') || contents.has(importPath)) continue;
      const segments = importPath.split('/');
      const name = segments.slice(0, importPath.startsWith('@') ? 2 : 1).join('/');
      packages[name] ??= packageVersion(name);
    }
  }
  return Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
}

function packageVersion(name: string): string {
  try {
    const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8'));
    return String(manifest.version);
  } catch {
    // An unresolvable import fails properly in solc, with the importing line in the message.
    return 'missing';
  }
}

function solcVersion(): string {
  return JSON.parse(readFileSync(require.resolve('solc/package.json'), 'utf8')).version;
}

async function readFreshArtifacts(sources: Sources, artifactsDir: string): Promise<ContractArtifact[] | null> {
  const artifacts: ContractArtifact[] = [];
  for (const file of await readdir(artifactsDir).catch(() => [])) {
    if (!file.endsWith('.json')) continue;
    const artifact = await readArtifact(path.join(artifactsDir, file));
    if (artifact?.sourceHash === sources.hash) artifacts.push(artifact);
  }
  const names = new Set(artifacts.map((a) => a.contractName));
  const complete = [...sources.contents.keys()].every((file) => names.has(path.basename(file, '.sol')));
  return complete ? artifacts : null;
}

async function readArtifact(file: string): Promise<ContractArtifact | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ContractArtifact;
  } catch {
    // Missing or half-written by an older version: either way it gets rebuilt.
    return null;
  }
}

async function runSolc(sources: Sources): Promise<SolcOutput> {
  // Loaded only here: soljson takes most of a second to load and a cache hit never needs it.
  const { default: solc } = await import('solc');
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries([...sources.contents].map(([file, content]) => [file, { content }])),
    settings: SETTINGS,
  };
  const findImports = (importPath: string) => {
    try {
      return { contents: readFileSync(require.resolve(importPath), 'utf8') };
    } catch {
      return { error: `not found in node_modules (is the package installed?)` };
    }
  };
  return JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput;
}

async function writeArtifacts(artifacts: ContractArtifact[], artifactsDir: string): Promise<void> {
  await mkdir(artifactsDir, { recursive: true });
  const written = new Set<string>();
  for (const artifact of artifacts) {
    const file = path.join(artifactsDir, `${artifact.contractName}.json`);
    await writeAtomically(file, `${JSON.stringify(artifact, null, 2)}\n`);
    written.add(path.basename(file));
  }
  // Artifacts of deleted or renamed contracts would otherwise keep deploying old code.
  for (const file of await readdir(artifactsDir)) {
    if (file.endsWith('.json') && !written.has(file)) await rm(path.join(artifactsDir, file), { force: true });
  }
}

// Rename is atomic, so a server, the bundler or a test worker reading at the same time never sees half a file.
async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { artifacts, cached } = await compileContracts();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `contracts: ${cached ? 'up to date' : 'compiled'} ${artifacts.map((a) => a.contractName).join(', ')} ` +
      `→ ${path.relative(process.cwd(), COMPILE_DEFAULTS.artifactsDir)} in ${seconds}s`,
  );
}
