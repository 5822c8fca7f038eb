import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { MarqueError } from '../../protocol/src/errors';
import { type WorldManifest, zoneEntries } from '../../protocol/src/manifest';
import { isTargetName, TARGET_NAMES, type TargetName } from '../../protocol/src/targets';
import type { ZoneId } from '../../protocol/src/zones';
import { type Compression, LOD_RATIOS, optimizeDocument } from './optimize';
import { optimizeFile } from './optimize-file';
import { writeAtomic } from './publish';
import { readInput } from './read-input';
import { publishRuntimeFiles } from './runtime-files';
import { buildWorld, BUILD_WORLD_DEFAULTS } from './session';
import { formatIssue, validateGlb, type ValidationReport } from './transforms/validate-glb';
import type { ProgressListener } from './world-builds';

const USAGE = `Usage:
  npm run assets [-- build] [options]         build the world for every target into client/public/assets
      --out <dir>                              output folder
      --target <t>[,<t>…]                      only these targets (${TARGET_NAMES.join(', ')})
      --compress meshopt|draco|none            geometry compression (default meshopt)
      --no-cache                               rebuild everything
  npm run assets -- optimize <input> <output.glb> [options]
      --target ${TARGET_NAMES.join('|')}             texture size and format (default desktop)
      --compress meshopt|draco|none            geometry compression (default meshopt)
      --lods                                   also write <output>.lod1.glb and .lod2.glb
      --max-texture-size <px>                  override the target's largest texture side
  npm run assets -- check <file>               validate one .glb or .gltf and show what optimising would give

Set DEBUG=1 to see stack traces.`;

const COMPRESSIONS: readonly Compression[] = ['meshopt', 'draco', 'none'];

/** A command line the CLI cannot run; the usage is printed after it. */
class UsageError extends MarqueError {
  override name = 'UsageError';
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      target: { type: 'string' },
      compress: { type: 'string', default: 'meshopt' },
      'no-cache': { type: 'boolean', default: false },
      lods: { type: 'boolean', default: false },
      'max-texture-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const compression = values.compress as Compression;
  if (!COMPRESSIONS.includes(compression)) throw new UsageError('pipelines', `--compress must be one of ${COMPRESSIONS.join(', ')}, not "${values.compress}"`);
  const targets = (values.target ?? (positionals[0] === 'optimize' ? 'desktop' : TARGET_NAMES.join(','))).split(',').map((t) => t.trim());
  for (const t of targets) if (!isTargetName(t)) throw new UsageError('pipelines', `unknown target "${t}": use ${TARGET_NAMES.join(', ')}`);

  const [command = 'build', ...rest] = positionals;
  if (command === 'build' && rest.length === 0) {
    return build(values.out, targets as TargetName[], compression, !values['no-cache']);
  }
  if (command === 'optimize' && rest.length === 2) {
    if (targets.length !== 1) throw new UsageError('pipelines', 'optimize takes one --target');
    if (!/\.glb$/i.test(rest[1])) {
      throw new UsageError('pipelines', `optimize writes binary glTF (GLB), so its output must end in .glb, not "${path.basename(rest[1])}": name it ${path.basename(rest[1]).replace(/(\.gltf)?$/i, '.glb')}`);
    }
    const maxTextureSize = values['max-texture-size'] === undefined ? undefined : Number(values['max-texture-size']);
    if (maxTextureSize !== undefined && !(Number.isInteger(maxTextureSize) && maxTextureSize >= 1)) {
      throw new UsageError('pipelines', `--max-texture-size must be a whole number of pixels, not "${values['max-texture-size']}"`);
    }
    return optimize(rest[0], rest[1], targets[0] as TargetName, compression, values.lods, maxTextureSize);
  }
  if (command === 'check' && rest.length === 1) return check(rest[0]);
  throw new UsageError('pipelines', `unknown command "${positionals.join(' ')}"`);
}

async function build(out: string | undefined, targets: TargetName[], compression: Compression, useCache: boolean): Promise<number> {
  const outDir = path.resolve(out ?? BUILD_WORLD_DEFAULTS.outDir);
  const started = performance.now();
  const progress = progressDisplay();
  let manifest: WorldManifest;
  try {
    manifest = await buildWorld({ outDir, targets, compression, cacheDir: useCache ? undefined : false, onProgress: progress.update });
  } finally {
    progress.stop();
  }
  await publishRuntimeFiles({ publicDir: path.dirname(outDir) });
  const rows: string[][] = [];
  for (const [target, { zones }] of Object.entries(manifest.targets)) {
    for (const [zone, z] of Object.entries(zones)) {
      if (!z) continue;
      // `(shown)`: published in another zone, shown here too and counted in this zone's totals.
      for (const a of zoneEntries(manifest, zone as ZoneId, target as TargetName)) {
        const id = z.assets.includes(a) ? a.id : `${a.id} (shown)`;
        rows.push([target, zone, id, kb(a.bytes), kb(a.gzipBytes), String(a.triangles), String(a.drawCalls), mb(a.textureBytes), String(a.lods.length)]);
      }
      rows.push([target, zone, '= zone', kb(z.totals.bytes), kb(z.totals.gzipBytes), `${z.totals.triangles}/${z.budget.triangles}`, `${z.totals.drawCalls}/${z.budget.drawCalls}`, `${mb(z.totals.textureBytes)}/${mb(z.budget.textureBytes)}`, '']);
    }
  }
  printTable(['target', 'zone', 'asset', 'KB', 'gzip KB', 'triangles', 'draws', 'tex MB', 'LODs'], rows);
  console.log(`\nPublished in ${path.relative(process.cwd(), outDir) || '.'} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

async function optimize(input: string, output: string, target: TargetName, compression: Compression, lods: boolean, maxTextureSize?: number): Promise<number> {
  const started = performance.now();
  const result = await optimizeFile(input, { target, compression, lods: lods ? LOD_RATIOS : [], maxTextureSize });
  await mkdir(path.dirname(path.resolve(output)), { recursive: true });
  const base = output.replace(/\.glb$/i, '');
  for (const [i, lod] of result.lods.entries()) await writeAtomic(`${base}.lod${i + 1}.glb`, lod.glb);
  await writeAtomic(output, result.glb);
  const s = result.stats;
  console.log(
    `${output}: ${kb(s.bytes)} KB (${kb(s.gzipBytes)} KB gzip), ${s.triangles} triangles, ${s.drawCalls} draw calls, ` +
      `${mb(s.textureBytes)} MB texture memory, ${target}, ${compression}, ${((performance.now() - started) / 1000).toFixed(1)} s` +
      (result.kept ? ' (already optimised for this target and nothing smaller came of it: kept as it was)' : ''),
  );
  for (const [i, lod] of result.lods.entries()) console.log(`  LOD ${i + 1}: ${kb(lod.stats.bytes)} KB, ${lod.stats.triangles} triangles`);
  return 0;
}

async function check(file: string): Promise<number> {
  const source = await readInput(file);
  const input = await validateGlb(source.bytes, { uri: file, externalResource: source.resource });
  report('input', input);
  if (input.errors > 0) return 1;
  const result = await optimizeDocument(source.document, { unit: file });
  report('output (desktop)', result.report);
  console.log(`${file}: ${result.stats.triangles} triangles, ${result.stats.drawCalls} draw calls, ${kb(result.stats.bytes)} KB optimised`);
  return 0;
}

function report(label: string, r: ValidationReport): void {
  console.log(`${label}: ${r.errors} errors, ${r.warnings} warnings, ${r.infos} infos, ${r.hints} hints`);
  for (const issue of r.issues.filter((i) => i.severity === 'error' || i.severity === 'warning').slice(0, 20)) {
    console.log(`  ${formatIssue(issue)}`);
  }
}

/** A progress bar on a terminal; one line per finished job otherwise (CI logs). */
function progressDisplay(): { update: ProgressListener; stop: () => void } {
  if (!process.stderr.isTTY) {
    return { update: (done, total, label, cached) => console.error(`[${done}/${total}] ${label}${cached ? ' (cached)' : ''}`), stop: () => {} };
  }
  const bar = new SingleBar({ format: 'assets [{bar}] {value}/{total} {label}', hideCursor: true, clearOnComplete: true });
  let started = false;
  return {
    update: (done, total, label) => {
      if (!started) bar.start(total, 0, { label: '' });
      started = true;
      bar.update(done, { label });
    },
    stop: () => started && bar.stop(),
  };
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(0);
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = (i: number): boolean => rows.every((r) => /^[\d./]*$/.test(r[i]));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r) => console.log(line(r)));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(process.env.DEBUG ? error : error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
