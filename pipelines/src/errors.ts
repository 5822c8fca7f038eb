import { MarqueError } from '../../protocol/src/errors';

/*
 * The pipeline's errors are MarqueErrors whose unit is an asset id, an input file or
 * `pipelines/<step>`. These subclasses exist for callers that branch on what failed.
 */

/** An input file that cannot be read as glTF 2.0: missing, truncated, wrong format, missing resources. */
export class InputError extends MarqueError {
  override name = 'InputError';
}

/** The glTF validator found errors in an output, so it was not published. */
export class ValidationFailedError extends MarqueError {
  override name = 'ValidationFailedError';
}

/** Writing the published files failed. */
export class PublishError extends MarqueError {
  override name = 'PublishError';
}

/** A zone costs more to draw than its target's budget allows. */
export class BudgetError extends MarqueError {
  override name = 'BudgetError';
}
