import path from 'node:path';

/** Repository root (this file is pipelines/src/repo-root.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
