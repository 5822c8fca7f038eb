import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('types (tsconfig.json)', () => {
  // Part of `npm test` as a test, so that it runs beside the others instead of before them all.
  it('the whole repository type-checks', async () => {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    // tsc exits non-zero on a type error and prints each one on stdout.
    const run = await promisify(execFile)(process.execPath, [tsc, '-p', '.', '--pretty', 'false'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number | string; stdout?: string; stderr?: string }) => ({ code: error.code, stdout: error.stdout ?? '', stderr: error.stderr ?? String(error) }),
    );
    expect(run.stdout.split('\n').filter((line) => line.includes('error TS'))).toEqual([]);
    expect(run.code, `tsc failed: ${run.stderr}`).toBe(0);
  }, 300_000);
});
