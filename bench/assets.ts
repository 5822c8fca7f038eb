/**
 * How small, how valid and how fast our glTF optimiser is against the two public ones, on
 * every model of the developer test corpus (../shared/testdata/gltf, see its SOURCES.md).
 *
 * In one run, on the same inputs, one tool at a time (no two tools share the CPU), each
 * model goes through:
 *   ours           tsx pipelines/src/cli.ts optimize <in> <out.glb> --target <desktop|quest|mobile>
 *   gltfTransform  gltf-transform optimize <in> <out.glb> --compress meshopt   (its defaults + meshopt)
 *   gltfpack       gltfpack -i <in> -o <out.glb> -cc                           (npm build, wasm)
 * Each tool is a child process (spawned without a shell, straight on this Node; wall time
 * from spawn to exit, so start-up is included) writing into a temporary folder that is
 * removed afterwards. Of each output we measure:
 *   bytes            the output plus every external file its buffers/images refer to
 *   gzipBytes        each of those files gzipped (zlib level 9), summed: what a CDN would send
 *   triangles        drawn in the default scene, read back with the pipeline's createIO;
 *                    an EXT_mesh_gpu_instancing node counts once per instance
 *   validatorErrors  Khronos glTF-Validator errors (external resources included)
 *   ms               wall time of the tool
 * and our output goes through our pipeline once more (idempotence): its bytes, growth over
 * the first pass (it must never grow), validator errors, and what changed that matters
 * (bench/lib/idempotence.ts: named nodes and their meshes, triangles, extensions, textures).
 * A tool that fails (non-zero exit, no output, unreadable output) is recorded as
 * `failed: <message>` for that model and the run goes on. Totals sum the models on which all
 * three tools succeeded, so the ratios compare like with like.
 *
 * The aim: our output no larger than gltfpack's and smaller than gltf-transform optimize's
 * in total (bytes and gzip), with zero validator errors, while every part of a car stays
 * addressable (configurable materials and nodes are not merged away, which is where the
 * public tools save some of their bytes).
 *
 *   npm run bench:assets [-- --only <model>] [-- --target <desktop|quest|mobile>]
 *
 * Prints a table and writes bench/results/assets.json. Without the corpus it says so and
 * exits 0 without writing anything.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileChanges } from './lib/idempotence';
import { type Figures, measureOutput, readAssetFiles } from './lib/measure';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'testdata', 'gltf');
const RESULTS = path.join(ROOT, 'bench', 'results', 'assets.json');
const TARGETS = ['desktop', 'quest', 'mobile'] as const;
type Target = (typeof TARGETS)[number];
/** A tool that has not finished a model in this long is stopped and recorded as failed. */
const TOOL_TIMEOUT_MS = 10 * 60 * 1000;

const TOOLS = ['ours', 'gltfTransform', 'gltfpack'] as const;
type ToolName = (typeof TOOLS)[number];

interface ToolSpec {
  /** The command as a person would type it, for the JSON. */
  shape: string;
  /** Script run with this Node, and its arguments. */
  argv: (input: string, output: string) => string[];
}

function toolSpecs(target: Target): Record<ToolName, ToolSpec> {
  const bin = (pkg: string, file: string) => path.join(ROOT, 'node_modules', pkg, file);
  const version = (pkg: string) =>
    (JSON.parse(readFileSync(bin(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    ours: {
      shape: `tsx pipelines/src/cli.ts optimize <input> <output.glb> --target ${target}`,
      argv: (input, output) => [bin('tsx', 'dist/cli.mjs'), path.join(ROOT, 'pipelines/src/cli.ts'), 'optimize', input, output, '--target', target],
    },
    gltfTransform: {
      shape: `gltf-transform optimize <input> <output.glb> --compress meshopt (@gltf-transform/cli ${version('@gltf-transform/cli')})`,
      argv: (input, output) => [bin('@gltf-transform/cli', 'bin/cli.js'), 'optimize', input, output, '--compress', 'meshopt'],
    },
    gltfpack: {
      shape: `gltfpack -i <input> -o <output.glb> -cc (npm gltfpack ${version('gltfpack')}, wasm)`,
      argv: (input, output) => [bin('gltfpack', 'cli.js'), '-i', input, '-o', output, '-cc'],
    },
  };
}

/** What one tool made of one model; figures are null when it failed. */
interface ToolResult {
  bytes: number | null;
  gzipBytes: number | null;
  triangles: number | null;
  validatorErrors: number | null;
  ms: number | null;
  /** The output's files (the .glb first, then what it refers to); absent on failure. */
  files?: string[];
  failed?: string;
}

/** Our output optimised again, with the same options. */
interface Idempotence {
  /** Bytes of the second pass's output (with its files); null when it failed. */
  bytes: number | null;
  /** Second pass's bytes over the first's, minus 1 (0.01: one per cent larger). */
  growth: number | null;
  validatorErrors: number | null;
  /** What differs that matters (see bench/lib/idempotence.ts); empty when nothing does. */
  changes: string[];
  failed?: string;
}

interface ModelResult {
  name: string;
  inputBytes: number;
  ours: ToolResult;
  /** Our output through our pipeline again. */
  again: Idempotence;
  gltfTransform: ToolResult;
  gltfpack: ToolResult;
}

interface Ratios {
  oursToGltfpackBytes: number | null;
  oursToGltfpackGzip: number | null;
  oursToGltfTransformBytes: number | null;
  oursToGltfTransformGzip: number | null;
}

interface Model {
  name: string;
  file: string;
}

/**
 * Every .glb/.gltf in the corpus. A folder with one model is named after the folder; a folder
 * with several (KenneyRacingKit) names each `folder/file`.
 */
async function listModels(): Promise<Model[]> {
  const models: Model[] = [];
  const isModel = (f: string) => /\.(glb|gltf)$/i.test(f);
  for (const entry of (await readdir(CORPUS, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isFile() && isModel(entry.name)) models.push({ name: entry.name.replace(/\.(glb|gltf)$/i, ''), file: path.join(CORPUS, entry.name) });
    if (!entry.isDirectory() || entry.name === 'LICENSES') continue;
    const files = (await readdir(path.join(CORPUS, entry.name))).filter(isModel).sort();
    for (const file of files) {
      const name = files.length === 1 ? entry.name : `${entry.name}/${file.replace(/\.(glb|gltf)$/i, '')}`;
      models.push({ name, file: path.join(CORPUS, entry.name, file) });
    }
  }
  return models;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <argv>` without a shell and times it from spawn to exit. */
function runNode(argv: string[], timeoutMs: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let ms = 0;
    const out: string[] = [];
    const err: string[] = [];
    const keep = (into: string[]) => (chunk: Buffer) => {
      if (into.join('').length < 256 * 1024) into.push(chunk.toString('utf8'));
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', () => {
      ms = performance.now() - started;
      clearTimeout(timer);
    });
    child.on('close', (code, signal) => resolve({ code, signal, ms, stdout: out.join(''), stderr: err.join('') }));
  });
}

/**
 * The line that says why a tool failed: the first stderr line that mentions an error, else
 * the first stderr line that is not a progress line, else the first stdout line.
 */
function failureLine(exit: Exit): string {
  const lines = (text: string) =>
    text
      .split(/\r?\n/)
      .map((l) => l.replace(/\u001b\[[0-9;]*m/g, '').trim())
      .filter((l) => l && !/^[❯✔✖◼↓›]/u.test(l));
  const stderr = lines(exit.stderr);
  const line = stderr.find((l) => /error|cannot|unknown|invalid|fail/i.test(l)) ?? stderr[0] ?? lines(exit.stdout)[0];
  const status = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  return line ? line.slice(0, 300) : status;
}

const failed = (message: string): ToolResult => ({ bytes: null, gzipBytes: null, triangles: null, validatorErrors: null, ms: null, failed: message });

async function runTool(spec: ToolSpec, input: string, workDir: string): Promise<ToolResult> {
  await mkdir(workDir, { recursive: true });
  const output = path.join(workDir, 'out.glb');
  const exit = await runNode(spec.argv(input, output), TOOL_TIMEOUT_MS);
  if (exit.code !== 0) return failed(exit.signal === 'SIGKILL' ? `timed out after ${TOOL_TIMEOUT_MS / 1000} s` : failureLine(exit));
  if (!existsSync(output)) return failed(`exited 0 but wrote no ${path.basename(output)}`);
  try {
    const figures = await measureOutput(output);
    const written = (await readdir(workDir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(workDir, path.join(entry.parentPath, entry.name)));
    const stray = written.filter((f) => !figures.files.includes(f));
    if (stray.length) console.warn(`  note: also wrote ${stray.join(', ')}, which the output does not refer to (not counted)`);
    const { files, ...sizes } = figures;
    return { ...sizes, ms: Math.round(exit.ms), files };
  } catch (error) {
    return failed(`output unreadable: ${error instanceof Error ? error.message : String(error)}`.split('\n')[0]!.slice(0, 300));
  }
}

/** Runs our pipeline on its own output in `dir` (out.glb) and says what changed. */
async function optimiseAgain(spec: ToolSpec, first: ToolResult, dir: string): Promise<Idempotence> {
  if (first.failed) return { bytes: null, growth: null, validatorErrors: null, changes: [], failed: 'the first pass failed' };
  const second = await runTool(spec, path.join(dir, 'out.glb'), path.join(dir, 'again'));
  if (second.failed) return { bytes: null, growth: null, validatorErrors: null, changes: [], failed: second.failed };
  return {
    bytes: second.bytes,
    growth: Math.round((second.bytes! / first.bytes! - 1) * 10000) / 10000,
    validatorErrors: second.validatorErrors,
    changes: await fileChanges(path.join(dir, 'out.glb'), path.join(dir, 'again', 'out.glb')),
  };
}

function sumFigures(results: ToolResult[]): Figures {
  const sum = (key: keyof Figures) => results.reduce((s, r) => s + (r[key] ?? 0), 0);
  return { bytes: sum('bytes'), gzipBytes: sum('gzipBytes'), triangles: sum('triangles'), validatorErrors: sum('validatorErrors'), ms: sum('ms') };
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a != null && b ? Math.round((a / b) * 1000) / 1000 : null;
}

function ratios(ours: Pick<ToolResult, 'bytes' | 'gzipBytes'>, gltfTransform: typeof ours, gltfpack: typeof ours): Ratios {
  return {
    oursToGltfpackBytes: ratio(ours.bytes, gltfpack.bytes),
    oursToGltfpackGzip: ratio(ours.gzipBytes, gltfpack.gzipBytes),
    oursToGltfTransformBytes: ratio(ours.bytes, gltfTransform.bytes),
    oursToGltfTransformGzip: ratio(ours.gzipBytes, gltfTransform.gzipBytes),
  };
}

// ---------------------------------------------------------------------------------------
// The table: one row per model and a TOTAL row, within 160 columns.

const kb = (bytes: number | null | undefined) => (bytes == null ? '' : bytes < 10 * 1024 ? (bytes / 1024).toFixed(1) : (bytes / 1024).toFixed(0));
const num = (n: number | null | undefined) => (n == null ? '' : String(n));
const fixed2 = (n: number | null | undefined) => (n == null ? '–' : n.toFixed(2));

const TOOL_COLUMNS = [
  { head: 'KB', width: 6, cell: (r: ToolResult) => kb(r.bytes) },
  { head: 'gzKB', width: 6, cell: (r: ToolResult) => kb(r.gzipBytes) },
  { head: 'tris', width: 7, cell: (r: ToolResult) => num(r.triangles) },
  { head: 'err', width: 3, cell: (r: ToolResult) => num(r.validatorErrors) },
  { head: 'ms', width: 6, cell: (r: ToolResult) => num(r.ms) },
];
const TOOL_WIDTH = TOOL_COLUMNS.reduce((w, c) => w + c.width + 1, -1);
const NAME_WIDTH = 28;
const TOOL_LABELS: Record<ToolName, string> = { ours: 'ours', gltfTransform: 'gltf-transform', gltfpack: 'gltfpack' };
const RATIO_HEAD = ['o/p KB', 'o/p gz', 'o/t KB', 'o/t gz'];

function toolCells(r: ToolResult): string {
  if (r.failed) return 'FAILED'.padEnd(TOOL_WIDTH);
  return TOOL_COLUMNS.map((c) => c.cell(r).padStart(c.width)).join(' ');
}

function ratioCells(r: Ratios): string {
  return [r.oursToGltfpackBytes, r.oursToGltfpackGzip, r.oursToGltfTransformBytes, r.oursToGltfTransformGzip]
    .map((v, i) => fixed2(v).padStart(RATIO_HEAD[i]!.length))
    .join(' ');
}

const AGAIN_HEAD = `${'KB'.padStart(6)} ${'grow'.padStart(6)} err same`;
const AGAIN_WIDTH = AGAIN_HEAD.length;

/** The second pass: its size, its growth over the first, validator errors, and whether nothing that matters changed. */
function againCells(r: Idempotence): string {
  if (r.failed) return 'FAILED'.padEnd(AGAIN_WIDTH);
  const growth = r.growth == null ? '' : `${r.growth > 0 ? '+' : ''}${(r.growth * 100).toFixed(1)}%`;
  return `${kb(r.bytes).padStart(6)} ${growth.padStart(6)} ${num(r.validatorErrors).padStart(3)} ${(r.changes.length ? 'no' : 'yes').padStart(4)}`;
}

function shortName(name: string): string {
  return name.length <= NAME_WIDTH ? name.padEnd(NAME_WIDTH) : `${name.slice(0, NAME_WIDTH - 1)}…`;
}

interface Totals {
  models: number;
  inputBytes: number;
  ours?: Figures;
  gltfTransform: Figures;
  gltfpack: Figures;
  ratios?: Ratios;
}

/** Sums `tools` over the models on which every one of them succeeded. */
function total<T extends ToolName>(results: ModelResult[], tools: readonly T[]): { models: number; inputBytes: number } & Record<T, Figures> {
  const complete = results.filter((m) => tools.every((t) => !m[t].failed));
  const sums = Object.fromEntries(tools.map((t) => [t, sumFigures(complete.map((m) => m[t]))])) as Record<T, Figures>;
  return { models: complete.length, inputBytes: complete.reduce((s, m) => s + m.inputBytes, 0), ...sums };
}

function printTable(models: ModelResult[], totals: Totals, withoutOurs: Totals): void {
  const groups = TOOLS.map((t) => TOOL_LABELS[t].padEnd(TOOL_WIDTH)).join(' | ');
  const heads = TOOLS.map(() => TOOL_COLUMNS.map((c) => c.head.padStart(c.width)).join(' ')).join(' | ');
  const ratioWidth = RATIO_HEAD.join(' ').length;
  console.log(`${''.padEnd(NAME_WIDTH)} ${''.padStart(6)} | ${groups} | ${'ratios'.padEnd(ratioWidth)} | ${'ours again'.padEnd(AGAIN_WIDTH)}`);
  console.log(`${'model'.padEnd(NAME_WIDTH)} ${'in KB'.padStart(6)} | ${heads} | ${RATIO_HEAD.join(' ')} | ${AGAIN_HEAD}`);
  const rule = `${'-'.repeat(NAME_WIDTH + 7)}-+-${TOOLS.map(() => '-'.repeat(TOOL_WIDTH)).join('-+-')}-+-${'-'.repeat(ratioWidth)}-+-${'-'.repeat(AGAIN_WIDTH)}`;
  console.log(rule);
  for (const m of models) {
    const cells = TOOLS.map((t) => toolCells(m[t])).join(' | ');
    console.log(`${shortName(m.name)} ${kb(m.inputBytes).padStart(6)} | ${cells} | ${ratioCells(ratios(m.ours, m.gltfTransform, m.gltfpack))} | ${againCells(m.again)}`);
  }
  console.log(rule);
  const totalRow = (label: string, t: Totals) => {
    const cells = TOOLS.map((tool) => {
      const figures = t[tool];
      return figures && t.models > 0 ? TOOL_COLUMNS.map((c) => c.cell(figures).padStart(c.width)).join(' ') : ''.padEnd(TOOL_WIDTH);
    }).join(' | ');
    const r = t.ratios ?? ratios({ bytes: null, gzipBytes: null }, t.gltfTransform, t.gltfpack);
    console.log(`${label.padEnd(NAME_WIDTH)} ${kb(t.models ? t.inputBytes : null).padStart(6)} | ${cells} | ${ratioCells(r)}`);
  };
  totalRow(`TOTAL (${totals.models} of ${models.length})`, totals);
  // While ours fails somewhere, the two public tools are still worth comparing on their own.
  if (withoutOurs.models !== totals.models) totalRow(`g-t & pack (${withoutOurs.models})`, withoutOurs);
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { only: { type: 'string' }, target: { type: 'string', default: 'desktop' } },
  });
  const target = values.target as Target;
  if (!TARGETS.includes(target)) {
    console.error(`bench:assets: --target must be one of ${TARGETS.join(', ')}, not "${values.target}"`);
    return 2;
  }
  if (!existsSync(CORPUS)) {
    console.log(`bench:assets: no test corpus at ${CORPUS}; nothing to measure, no results written.`);
    return 0;
  }
  let models = await listModels();
  if (values.only !== undefined) {
    const only = values.only;
    models = models.filter((m) => m.name === only || m.name.split('/')[0] === only);
    if (models.length === 0) {
      console.error(`bench:assets: no model "${only}". Models: ${(await listModels()).map((m) => m.name).join(', ')}`);
      return 2;
    }
  }

  const specs = toolSpecs(target);
  const workRoot = await mkdtemp(path.join(tmpdir(), 'marque-bench-assets-'));
  const cleanUp = () => rm(workRoot, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => void cleanUp().finally(() => process.kill(process.pid, signal));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  console.log(`\nglTF optimisers on ${models.length} models of ${path.relative(ROOT, CORPUS)} (ours: --target ${target}; one tool at a time)\n`);
  const results: ModelResult[] = [];
  try {
    for (const [index, model] of models.entries()) {
      const inputBytes = (await readAssetFiles(model.file)).reduce((sum, f) => sum + f.bytes.byteLength, 0);
      const row = { name: model.name, inputBytes } as ModelResult;
      for (const tool of TOOLS) {
        process.stdout.write(`[${index + 1}/${models.length}] ${model.name}: ${TOOL_LABELS[tool]}…\n`);
        const dir = path.join(workRoot, String(index), tool);
        row[tool] = await runTool(specs[tool], model.file, dir);
        if (tool === 'ours') {
          process.stdout.write(`[${index + 1}/${models.length}] ${model.name}: ours, on its own output…\n`);
          row.again = await optimiseAgain(specs.ours, row.ours, dir);
        }
        await rm(dir, { recursive: true, force: true });
      }
      results.push(row);
    }
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const totals: Totals = total(results, TOOLS);
  totals.ratios = ratios(totals.ours!, totals.gltfTransform, totals.gltfpack);
  const withoutOurs: Totals = total(results, ['gltfTransform', 'gltfpack'] as const);
  console.log();
  printTable(results, totals, withoutOurs);
  console.log('\nKB: output plus the files it refers to · gzKB: each file gzipped (level 9), summed · tris: triangles drawn');
  console.log('err: Khronos validator errors · ms: wall time from spawn to exit · o/p: ours / gltfpack · o/t: ours / gltf-transform');
  console.log('TOTAL sums the models where all three tools succeeded; g-t & pack, where those two did (shown while ours fails somewhere).');
  console.log('ours again: our output through our pipeline again (same target): KB, growth over the first pass, validator errors,');
  console.log('  and "same" when nothing that matters changed (named nodes and their meshes, triangles, extensions, texture bytes).');
  const changed = results.filter((m) => m.again.changes.length || m.again.failed);
  for (const m of changed) console.log(`  ${m.name}: ${m.again.failed ?? m.again.changes.join('; ')}`);

  const failures = TOOLS.flatMap((tool) => {
    const byMessage = new Map<string, string[]>();
    for (const m of results) if (m[tool].failed) byMessage.set(m[tool].failed!, [...(byMessage.get(m[tool].failed!) ?? []), m.name]);
    return [...byMessage].map(([message, names]) =>
      `  ${TOOL_LABELS[tool]} failed on ${names.length === results.length ? `every model` : names.join(', ')}: ${message}`,
    );
  });
  if (failures.length) console.log(`\nFailures:\n${failures.join('\n')}`);

  await mkdir(path.dirname(RESULTS), { recursive: true });
  const json = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` },
    target,
    only: values.only ?? null,
    tools: Object.fromEntries(TOOLS.map((t) => [t, specs[t].shape])),
    models: results,
    totals,
    /** The public tools against each other, on the models where both succeeded (ours aside). */
    totalsWithoutOurs: withoutOurs,
  };
  await writeFile(RESULTS, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nwritten ${path.relative(ROOT, RESULTS)}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
