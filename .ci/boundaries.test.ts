import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const FOLDERS = ['protocol', 'client', 'server', 'pipelines', 'assets', 'contracts', 'e2e', 'bench'];

describe('import boundaries (.ci/dependency-cruiser.cjs)', () => {
  it('holds every rule: protocol is a leaf, the client imports only protocol and itself, no import loops, …', async () => {
    const cli = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
    // It exits non-zero when a rule is broken; the report on stdout says which.
    const stdout = await promisify(execFile)(
      process.execPath,
      [cli, '--config', '.ci/dependency-cruiser.cjs', '--output-type', 'json', ...FOLDERS],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    ).then(
      (result) => result.stdout,
      (error: { stdout?: string }) => {
        if (!error.stdout) throw error;
        return error.stdout;
      },
    );
    const { summary } = JSON.parse(stdout) as {
      summary: { violations: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }[]; totalCruised: number };
    };
    const broken = summary.violations.map(({ rule, from, to, cycle }) =>
      `${rule.name}: ${from} → ${cycle ? cycle.map((step) => step.name).join(' → ') : to}`,
    );
    expect(summary.totalCruised).toBeGreaterThan(300);
    expect(broken).toEqual([]);
  }, 120_000);
});
