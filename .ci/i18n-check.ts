/**
 * `npm run i18n:check`: fails, listing each problem, when a translation key is missing in a
 * language, lacks a plural form or a variable, is used nowhere in the client, or is asked for
 * by the code but absent (client/src/i18n/i18n-check.ts). `npm test` runs the same check.
 */
import { fileURLToPath } from 'node:url';
import { runI18nCheck } from '../client/src/i18n/i18n-check';

const problems = runI18nCheck(fileURLToPath(new URL('..', import.meta.url)));
if (problems.length > 0) {
  console.error(`i18n:check: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the translations (client/src/i18n/locales):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('i18n:check: every key is in all six languages, with their plural forms and variables, and used in the code');
