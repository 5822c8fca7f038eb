import { validateBytes, type ValidatorMessage } from 'gltf-validator';
import { InputError, ValidationFailedError } from '../errors';

/** One finding of the Khronos glTF validator. */
export interface ValidationIssue {
  severity: 'error' | 'warning' | 'info' | 'hint';
  /** Validator issue code, e.g. `ACCESSOR_INDEX_OOB`. */
  code: string;
  /** JSON pointer into the glTF (`/meshes/0/primitives/0`), or `@<byte offset>` for binary issues. */
  pointer: string;
  message: string;
}

/** What the validator thought of one file. */
export interface ValidationReport {
  uri: string;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  /** Errors first, then warnings, infos, hints; at most `maxIssues`. */
  issues: ValidationIssue[];
  /** True when the validator stopped listing issues at `maxIssues`. */
  truncated: boolean;
}

/** Options for {@link validateGlb}. */
export interface ValidateGlbOptions {
  /** Name of the file in the report and in error messages. */
  uri: string;
  /** Most issues to list (counts stay exact). */
  maxIssues?: number;
  /** Issue codes to ignore. */
  ignoredIssues?: string[];
  /** Loads a resource a .gltf refers to (buffers, images); omitted, they are not validated. */
  externalResource?: (uri: string) => Promise<Uint8Array>;
}

export const VALIDATE_GLB_DEFAULTS: Required<Omit<ValidateGlbOptions, 'uri' | 'externalResource'>> = {
  maxIssues: 100,
  ignoredIssues: [],
};

const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

/**
 * Validates glTF or GLB bytes with the Khronos glTF validator. It never throws for an
 * invalid asset: the report says what is wrong and callers decide (publishing refuses any
 * error). It throws {@link InputError} only when the bytes are not glTF at all.
 */
export async function validateGlb(bytes: Uint8Array, options: ValidateGlbOptions): Promise<ValidationReport> {
  const { uri, maxIssues, ignoredIssues, externalResource } = { ...VALIDATE_GLB_DEFAULTS, ...options };
  let raw;
  try {
    raw = await validateBytes(bytes, {
      uri,
      maxIssues,
      ignoredIssues,
      writeTimestamp: false,
      ...(externalResource ? { externalResourceFunction: externalResource } : {}),
    });
  } catch (cause) {
    // The validator rejects with a plain string when it cannot even tell the format.
    throw new InputError(uri, 'the glTF validator could not read it', { details: String(cause), cause });
  }
  const issues = raw.issues.messages.map(toIssue).sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  return {
    uri,
    errors: raw.issues.numErrors,
    warnings: raw.issues.numWarnings,
    infos: raw.issues.numInfos,
    hints: raw.issues.numHints,
    issues,
    truncated: raw.issues.truncated,
  };
}

function toIssue(message: ValidatorMessage): ValidationIssue {
  return {
    severity: SEVERITIES[message.severity] ?? 'error',
    code: message.code,
    pointer: message.pointer ?? (message.offset !== undefined ? `@${message.offset}` : ''),
    message: message.message,
  };
}

/** One line per issue: `error ACCESSOR_INDEX_OOB /accessors/2: Index 9 is out of range`. */
export function formatIssue(issue: ValidationIssue): string {
  return `${issue.severity} ${issue.code} ${issue.pointer || '(file)'}: ${issue.message}`;
}

/** Throws {@link ValidationFailedError} listing the errors when a report has any. */
export function assertValid(unit: string, report: ValidationReport): void {
  if (report.errors === 0) return;
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  const shown = errors.slice(0, 10).map(formatIssue);
  if (report.errors > shown.length) shown.push(`… and ${report.errors - shown.length} more`);
  throw new ValidationFailedError(unit, `failed glTF validation with ${report.errors} error(s); nothing was published`, {
    details: shown.join('\n'),
  });
}
