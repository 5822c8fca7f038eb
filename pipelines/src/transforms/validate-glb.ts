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
  /** True when `issues` lists fewer than all of them (the counts above are always complete). */
  truncated: boolean;
}

/** Options for {@link validateGlb}. */
export interface ValidateGlbOptions {
  /** Name of the file in the report and in error messages. */
  uri: string;
  /** Most issues to list in the report; every issue is counted whatever this says. */
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
      // 0: no limit. A limit stops the validator's counting too: a file with a hundred
      // warnings would then report its errors as 0.
      maxIssues: 0,
      ignoredIssues,
      writeTimestamp: false,
      ...(externalResource ? { externalResourceFunction: externalResource } : {}),
    });
  } catch (cause) {
    // The validator rejects with a plain string when it cannot even tell the format.
    throw new InputError(uri, 'the glTF validator could not read it', { details: String(cause), cause });
  }
  const all = raw.issues.messages.map(toIssue).sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const issues = all.slice(0, maxIssues);
  return {
    uri,
    errors: raw.issues.numErrors,
    warnings: raw.issues.numWarnings,
    infos: raw.issues.numInfos,
    hints: raw.issues.numHints,
    issues,
    truncated: issues.length < all.length,
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

/** Which file a report is about: the file given to the pipeline, or what the pipeline made of it. */
export type ValidatedFile = 'input' | 'output';

/**
 * Throws {@link ValidationFailedError} listing the errors when a report has any. The message
 * says whose the errors are, since their JSON pointers point into that file: the input (fix
 * it where it was made) or the pipeline's output, which was never written (a pipeline defect).
 */
export function assertValid(unit: string, report: ValidationReport, file: ValidatedFile): void {
  if (report.errors === 0) return;
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  const shown = errors.slice(0, 10).map(formatIssue);
  if (report.errors > shown.length) shown.push(`… and ${report.errors - shown.length} more`);
  const count = `${report.errors} error(s)`;
  if (file === 'input') {
    throw new ValidationFailedError(unit, `the input file failed glTF validation with ${count}; nothing was published`, {
      details: [
        ...shown,
        'The pointers refer to the input file. Fix it in the tool that made it (or re-export it), check it with `npm run assets -- check <file>`, then run the pipeline again.',
      ].join('\n'),
    });
  }
  throw new ValidationFailedError(unit, `the pipeline's output failed glTF validation with ${count}; nothing was written or published`, {
    details: [
      ...shown,
      'The pointers refer to the output the pipeline made, which was not written. Unless the input has the same errors (`npm run assets -- check <input>`), this is a defect of the pipeline: report it with the input file. Meanwhile `--compress none` or another target may get the file through.',
    ].join('\n'),
  });
}
