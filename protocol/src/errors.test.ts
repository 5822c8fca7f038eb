import { describe, expect, it } from 'vitest';
import { MarqueError } from './errors';

describe('MarqueError', () => {
  it('starts its message with the unit and keeps the parts apart', () => {
    const error = new MarqueError('auth', 'the session has expired; sign in again', { details: 'issued 9 days ago', status: 401, reason: 'expired' });
    expect(error.message).toBe('auth: the session has expired; sign in again\n\nDetails: issued 9 days ago');
    expect(error).toMatchObject({ unit: 'auth', shortMessage: 'the session has expired; sign in again', details: 'issued 9 days ago', status: 401, reason: 'expired' });
  });

  it('defaults to an internal failure', () => {
    expect(new MarqueError('db', 'down')).toMatchObject({ status: 500, reason: 'internal', details: undefined, message: 'db: down' });
  });

  it('walks its causes to the first match or the deepest', () => {
    const root = new TypeError('socket closed');
    const middle = new MarqueError('chain', 'the node did not answer', { cause: root });
    const top = new MarqueError('garage', 'the add-on was not recorded', { cause: middle });
    expect(top.walk()).toBe(root);
    expect(top.walk((e) => e instanceof MarqueError && e.unit === 'chain')).toBe(middle);
    expect(top.walk((e) => e instanceof RangeError)).toBeUndefined();
  });

  it('stops on a cause loop', () => {
    const a = new MarqueError('a', 'one');
    const b = new MarqueError('b', 'two', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(b.walk()).toBe(a);
  });
});
