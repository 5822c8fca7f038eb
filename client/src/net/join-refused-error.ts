import { MarqueError } from '../../../protocol/src/errors';
import { splitUnitMessage } from './unit-message';

/**
 * A join the server refused; `message` is the server's explanation (`unit: what to do`), fit to
 * show a person, and `code` its status (at a launch: 409 when the embodied audience is full, 403
 * for a removed or banned attendee; 0 when the server could not be reached). Its own module, so
 * the join state machine can tell it apart without loading the room client.
 */
export class JoinRefusedError extends MarqueError {
  override name = 'JoinRefusedError';
  constructor(
    message: string,
    readonly code: number,
    cause?: unknown,
  ) {
    const { unit, shortMessage } = splitUnitMessage(message, 'rooms');
    super(unit, shortMessage, { status: code, reason: 'join-refused', cause });
  }
}
