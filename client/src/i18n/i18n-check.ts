/**
 * The translations' check (`npm run i18n:check`, and inside `npm test` through
 * i18n-check.test.ts): every key of the English messages is in every other language, with the
 * plural forms that language's grammar needs and the same variables; no language has a key that
 * English lacks; every key is used somewhere in the client's code; every key the code asks `t()`
 * for exists. Node only (it reads files); the page never imports it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LANGUAGES, LOCALE_TAGS, type Language } from './languages';

/** Messages as the JSON files hold them. */
export type MessageTree = { [key: string]: string | MessageTree };

/** One source file's path and text. */
export interface SourceFile {
  path: string;
  text: string;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** The messages' leaves by their dotted key (`room.send`). */
export function flattenMessages(tree: MessageTree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [k, v] of flattenMessages(value, path)) flat.set(k, v);
  }
  return flat;
}

/** A key without its plural suffix (`room.slowMode_other` → `room.slowMode`). */
export function baseKey(key: string): string {
  return key.replace(PLURAL_SUFFIX, '');
}

function variables(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]!));
}

const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((v) => b.has(v));

/**
 * Compares every language with English and the code with the keys; returns the problems, one
 * line each (none when all is well).
 */
export function checkTranslations(locales: Readonly<Record<Language, MessageTree>>, sources: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  const english = flattenMessages(locales.en);
  // English's keys grouped by base: a plural's forms together.
  const groups = new Map<string, string[]>();
  for (const key of english.keys()) groups.set(baseKey(key), [...(groups.get(baseKey(key)) ?? []), key]);
  const plural = (base: string) => groups.get(base)!.some((k) => PLURAL_SUFFIX.test(k));

  for (const [base, keys] of groups) {
    if (plural(base) && !keys.includes(`${base}_other`)) problems.push(`en: ${base} is a plural without the form ${base}_other`);
  }

  for (const language of LANGUAGES) {
    const messages = flattenMessages(locales[language]);
    for (const [key, value] of messages) {
      if (!value.trim()) problems.push(`${language}: ${key} is empty`);
      if (!groups.has(baseKey(key))) problems.push(`${language}: ${key} is not in English (en.json); remove it or add it there`);
    }
    if (language === 'en') continue;
    const categories = new Intl.PluralRules(LOCALE_TAGS[language]).resolvedOptions().pluralCategories;
    for (const [base, keys] of groups) {
      const englishVariables = new Set(keys.flatMap((k) => [...variables(english.get(k)!)]));
      if (plural(base)) {
        for (const category of categories) {
          const value = messages.get(`${base}_${category}`);
          if (value === undefined) problems.push(`${language}: ${base}_${category} is missing (${language} needs the plural forms ${categories.join(', ')})`);
          else for (const v of variables(value)) if (!englishVariables.has(v)) problems.push(`${language}: ${base}_${category} uses {{${v}}}, which English does not pass`);
        }
      } else {
        const value = messages.get(base);
        if (value === undefined) problems.push(`${language}: ${base} is missing`);
        else if (!same(variables(value), englishVariables)) problems.push(`${language}: ${base} has the variables {{${[...variables(value)].join('}}, {{')}}} where English has {{${[...englishVariables].join('}}, {{')}}}`);
      }
    }
  }

  const code = sources.map((s) => s.text).join('\n');
  const quoted = (key: string) => code.includes(`'${key}'`) || code.includes(`"${key}"`) || code.includes(`\`${key}\``);
  for (const base of groups.keys()) {
    // A key is used when the code names it, or names an object above it (two levels deep at
    // least) that it takes whole with `returnObjects` (the museum's stories).
    const parts = base.split('.');
    const ancestors = parts.slice(2).map((_, i) => parts.slice(0, i + 2).join('.'));
    if (!quoted(base) && !ancestors.some(quoted)) problems.push(`en: ${base} is used nowhere in client/src; remove it from every language`);
  }
  for (const source of sources) {
    for (const match of source.text.matchAll(/(?:\bt|i18nKey=)\(?\s*['"]([A-Za-z][\w-]*(?:\.[\w-]+)+)['"]/g)) {
      const key = match[1]!;
      // A whole object (`returnObjects`) is there when some key lies under it.
      if (!groups.has(key) && ![...groups.keys()].some((k) => k.startsWith(`${key}.`))) problems.push(`${source.path}: asks for ${key}, which en.json lacks`);
    }
  }
  return problems;
}

function sourceFiles(folder: string, root: string): SourceFile[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sourceFiles(path, root);
    if (!/\.(ts|tsx)$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name) || entry.name === 'i18n-check.ts') return [];
    return [{ path: relative(root, path), text: readFileSync(path, 'utf8') }];
  });
}

/** Reads the locales and the client's code under `root` (the repository) and checks them. */
export function runI18nCheck(root: string): string[] {
  const folder = join(root, 'client/src/i18n/locales');
  const locales = Object.fromEntries(LANGUAGES.map((l) => [l, JSON.parse(readFileSync(join(folder, `${l}.json`), 'utf8')) as MessageTree])) as Record<Language, MessageTree>;
  return checkTranslations(locales, sourceFiles(join(root, 'client/src'), root));
}
