/** Options shared by every {@link PipelineError}. */
export interface PipelineErrorOptions {
  /** Extra lines: what was found, what to do about it. */
  details?: string[];
  cause?: unknown;
}

/**
 * Base class of the pipeline's errors. The message starts with the unit that failed (an
 * asset id, a file path, or `pipelines/<step>`) and reads on its own in a terminal; the
 * `shortMessage` and `details` stay available for callers that format errors themselves.
 */
export class PipelineError extends Error {
  override name = 'PipelineError';
  /** Who failed: asset id, input file, or pipeline step. */
  readonly unit: string;
  /** One line, without the unit. */
  readonly shortMessage: string;
  readonly details: string[];

  constructor(unit: string, shortMessage: string, options: PipelineErrorOptions = {}) {
    const details = options.details ?? [];
    super([`${unit}: ${shortMessage}`, ...details.map((line) => `  ${line}`)].join('\n'), { cause: options.cause });
    this.unit = unit;
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/** An input file that cannot be read as glTF 2.0: missing, truncated, wrong format, missing resources. */
export class InputError extends PipelineError {
  override name = 'InputError';
}

/** The glTF validator found errors in an output, so it was not published. */
export class ValidationFailedError extends PipelineError {
  override name = 'ValidationFailedError';
}

/** Writing the published files failed. */
export class PublishError extends PipelineError {
  override name = 'PublishError';
}

/** A zone costs more to draw than its target's budget allows. */
export class BudgetError extends PipelineError {
  override name = 'BudgetError';
}
