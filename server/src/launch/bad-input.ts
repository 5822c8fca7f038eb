import { MarqueError } from '../../../protocol/src/errors';

/** A launch input that failed its schema: 400 `bad-request`, each issue's path and message in the details. */
export function badInput(message: string, error: { issues: { path: PropertyKey[]; message: string }[] }): MarqueError {
  return new MarqueError('events', message, {
    status: 400,
    reason: 'bad-request',
    details: error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; '),
  });
}
