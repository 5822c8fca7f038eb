import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildWorld, BUILD_WORLD_DEFAULTS, processFile } from './session';
import { formatIssue, type ValidationReport } from './transforms/validate-glb';
import { publishXrProfiles } from './xr-profiles';

const USAGE = `Usage:
  npm run assets [-- --out <dir>]    build the world's models into client/public/assets
  npm run assets -- check <file>     read, clean and validate one .glb or .gltf

Set DEBUG=1 to see stack traces.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command = 'build', ...rest] = positionals;
  if (command === 'build' && rest.length === 0) return build(values.out);
  if (command === 'check' && rest.length === 1) return check(rest[0]);
  console.error(`pipelines: unknown command "${positionals.join(' ')}"\n\n${USAGE}`);
  return 2;
}

async function build(out: string | undefined): Promise<number> {
  const outDir = path.resolve(out ?? BUILD_WORLD_DEFAULTS.outDir);
  const started = performance.now();
  const manifest = await buildWorld({ outDir });
  await publishXrProfiles({ outDir: path.join(path.dirname(outDir), 'xr-profiles') });
  const rows = Object.entries(manifest.zones).flatMap(([zone, entries]) =>
    entries.map((e) => [zone, e.id, e.file, (e.bytes / 1024).toFixed(0), String(e.triangles), String(e.drawCalls)]),
  );
  printTable(['zone', 'id', 'file', 'KB', 'triangles', 'draws'], rows);
  console.log(`\n${rows.length} models in ${path.relative(process.cwd(), outDir) || '.'} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

async function check(file: string): Promise<number> {
  const result = await processFile(file);
  report('input', result.input);
  report('output', result.output);
  console.log(`${file}: ${result.triangles} triangles, ${result.drawCalls} draw calls, ${(result.glb.byteLength / 1024).toFixed(0)} KB after cleaning`);
  return result.input.errors > 0 ? 1 : 0;
}

function report(label: string, r: ValidationReport): void {
  console.log(`${label}: ${r.errors} errors, ${r.warnings} warnings, ${r.infos} infos, ${r.hints} hints`);
  for (const issue of r.issues.filter((i) => i.severity === 'error' || i.severity === 'warning').slice(0, 20)) {
    console.log(`  ${formatIssue(issue)}`);
  }
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = (i: number): boolean => rows.every((r) => /^\d+$/.test(r[i]));
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
    console.error(process.env.DEBUG ? error : error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
