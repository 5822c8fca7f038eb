/** Options of {@link MarqueError}. */
export interface MarqueErrorOptions {
  /** Extra facts for logs and responses: what was received, what was expected, what to do. Several lines allowed. */
  details?: string;
  /** The lower-level error that caused this one. */
  cause?: unknown;
  /** HTTP status or Colyseus close code to answer with when this error reaches a client. */
  status?: number;
  /** Stable machine-readable reason, e.g. `nonce-used`: programs branch on it, people read the message. */
  reason?: string;
}

/**
 * The one error base class of the repository (server, client, pipelines, assets), in viem's
 * shape: a short message, details, the unit that failed and the cause, with {@link walk}. The
 * message starts with the unit (`auth: …`, `pipelines/publish: …`, an asset id) and says what
 * to do, so a log line, a terminal or a refusal shown in the UI is enough to act on.
 */
export class MarqueError extends Error {
  override name = 'MarqueError';
  /** Who failed: a server unit (`auth`, `garage`), a pipeline step, an asset id, a file. */
  readonly unit: string;
  /** One sentence, without the unit. */
  readonly shortMessage: string;
  readonly details?: string;
  readonly status: number;
  readonly reason: string;

  constructor(unit: string, shortMessage: string, options: MarqueErrorOptions = {}) {
    super([`${unit}: ${shortMessage}`, options.details ? `Details: ${options.details}` : undefined].filter(Boolean).join('\n\n'), {
      cause: options.cause,
    });
    this.unit = unit;
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.status = options.status ?? 500;
    this.reason = options.reason ?? 'internal';
  }

  /**
   * Follows the chain of causes from this error: returns the first error (this one included)
   * for which `match` is true, or without `match` the deepest cause; `undefined` when none matches.
   */
  walk(match?: (error: unknown) => boolean): unknown {
    return walkCauses(this, match);
  }
}

function walkCauses(error: unknown, match?: (error: unknown) => boolean): unknown {
  const seen = new Set<unknown>();
  let current: unknown = error;
  let last: unknown = error;
  while (current != null && !seen.has(current)) {
    seen.add(current);
    if (match?.(current)) return current;
    last = current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return match ? undefined : last;
}
