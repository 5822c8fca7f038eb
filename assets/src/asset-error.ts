/** Options for {@link AssetError}. */
export interface AssetErrorOptions {
  /** What the caller can do about it. */
  details?: string;
  cause?: unknown;
}

/**
 * Error raised while authoring assets. The message starts with the unit that failed
 * (`assets/<unit>: …`) so it can be read on its own in a build log.
 */
export class AssetError extends Error {
  override name = 'AssetError';
  readonly shortMessage: string;
  readonly details?: string;

  constructor(unit: string, shortMessage: string, options: AssetErrorOptions = {}) {
    super(
      [`assets/${unit}: ${shortMessage}`, options.details ? `Details: ${options.details}` : undefined]
        .filter(Boolean)
        .join('\n'),
      { cause: options.cause },
    );
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}
