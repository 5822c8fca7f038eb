/** Options for {@link MarqueError}. */
export interface MarqueErrorOptions {
  /** Extra facts for logs and API responses (what was received, what was expected). */
  details?: string;
  /** The lower-level error that caused this one. */
  cause?: unknown;
  /** HTTP status or Colyseus close code to answer with when this error reaches a client. */
  status?: number;
  /** Stable machine-readable reason, e.g. `nonce-used`; clients branch on it, people read the message. */
  reason?: string;
}

/**
 * The one error base class of the server. Every message starts with its unit
 * (`auth:`, `garage:`, `db:` …) and says what to do, so a log line or a refusal
 * shown in the UI is enough to act on.
 */
export class MarqueError extends Error {
  override name = 'MarqueError';
  readonly shortMessage: string;
  readonly details?: string;
  readonly status: number;
  readonly reason: string;

  constructor(shortMessage: string, options: MarqueErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.status = options.status ?? 500;
    this.reason = options.reason ?? 'internal';
  }
}
