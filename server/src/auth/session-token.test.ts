import { privateKeyToAccount, generatePrivateKey } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { SessionTokens } from './session-token';

/** Session tokens: an absolute end that refreshing never moves, and invitation scopes that lapse with their invitation. */

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const wallet = privateKeyToAccount(generatePrivateKey()).address;
const HOUR = 3_600_000;
const at = (start: Date, ms: number) => new Date(start.getTime() + ms);

async function refusal(promise: Promise<unknown>): Promise<{ status: number; reason: string; message: string }> {
  return promise.then(
    () => expect.fail('it was accepted'),
    (error: unknown) => error as { status: number; reason: string; message: string },
  );
}

describe('SessionTokens', () => {
  it('refreshes a session only until its maximum age, then says to sign in again', async () => {
    // 15-minute tokens, sessions of at most an hour.
    const tokens = new SessionTokens(SECRET, 900, 3600);
    const start = new Date('2030-01-01T10:00:00Z');
    let issued = await tokens.issue(wallet, { now: start });
    expect(issued.endsAt).toEqual(at(start, HOUR));
    // Refreshing every 10 minutes: the tokens follow, the end stays, and the last one stops at the end.
    for (let minute = 10; minute < 60; minute += 10) {
      const now = at(start, minute * 60_000);
      const session = await tokens.verify(issued.token, now);
      expect(session.endsAt).toEqual(at(start, HOUR));
      issued = await tokens.refresh(session, { now });
      expect(issued.expiresAt.getTime()).toBeLessThanOrEqual(at(start, HOUR).getTime());
    }
    expect(issued.expiresAt).toEqual(at(start, HOUR));
    // At the end the token has expired, and a refresh of the last session is refused too.
    expect(await refusal(tokens.verify(issued.token, at(start, HOUR)))).toMatchObject({ status: 401, reason: 'session-expired' });
    const last = await tokens.verify(issued.token, at(start, HOUR - 1000));
    const refused = await refusal(tokens.refresh(last, { now: at(start, HOUR) }));
    expect(refused).toMatchObject({ status: 401, reason: 'session-expired' });
    expect(refused.message).toMatch(/^auth: your session reached its limit of 1 h; sign in again/);
  });

  it("drops an invitation's scope once the invitation expired, from the token and from every refresh", async () => {
    const tokens = new SessionTokens(SECRET, 900, 12 * 3600);
    const start = new Date('2030-01-01T10:00:00Z');
    const invitationEnds = at(start, 20 * 60_000);
    const issued = await tokens.issue('guest:abc', { now: start, scopes: [{ scope: 'lounge', expiresAt: invitationEnds }, { scope: 'event:7', expiresAt: at(start, 2 * HOUR) }] });
    expect(issued.scopes).toEqual(['lounge', 'event:7']);
    expect((await tokens.verify(issued.token, at(start, 10 * 60_000))).scopes).toEqual(['lounge', 'event:7']);
    // Refreshed at 12 minutes: the lounge is still there, until 20 minutes.
    const refreshed = await tokens.refresh(await tokens.verify(issued.token, at(start, 12 * 60_000)), { now: at(start, 12 * 60_000) });
    const later = await tokens.verify(refreshed.token, at(start, 21 * 60_000));
    expect(later.scopes).toEqual(['event:7']);
    expect(later.grants).toEqual([{ scope: 'event:7', expiresAt: at(start, 2 * HOUR) }]);
    // A refresh after the invitation expired does not bring it back.
    expect((await tokens.refresh(later, { now: at(start, 21 * 60_000) })).scopes).toEqual(['event:7']);
  });

  it('adds a scope to a running session without moving its end, keeping the later expiry of a scope granted twice', async () => {
    const tokens = new SessionTokens(SECRET, 900, 3600);
    const start = new Date('2030-01-01T10:00:00Z');
    const session = await tokens.verify((await tokens.issue(wallet, { now: start, scopes: [{ scope: 'lounge', expiresAt: at(start, 5 * 60_000) }] })).token, start);
    const added = await tokens.refresh(session, { now: at(start, 60_000), add: [{ scope: 'lounge', expiresAt: at(start, 40 * 60_000) }] });
    const after = await tokens.verify(added.token, at(start, 10 * 60_000));
    expect(after.grants).toEqual([{ scope: 'lounge', expiresAt: at(start, 40 * 60_000) }]);
    expect(after.endsAt).toEqual(at(start, HOUR));
  });
});
