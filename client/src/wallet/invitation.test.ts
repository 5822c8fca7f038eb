import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { redeemLinkInvitation, takeInvitationCode } from './invitation';
import { rememberSession, storedGuestPass, storedSession } from './session-store';

/** A tab's sessionStorage, and an address bar the code can be taken off. */
beforeEach(() => {
  const items = new Map<string, string>();
  vi.stubGlobal('sessionStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => items.set(key, value),
    removeItem: (key: string) => items.delete(key),
  });
  const url = new URL('https://marque.test/?zone=lounge&invite=ABC123');
  vi.stubGlobal('location', {
    get search() {
      return url.search;
    },
    get pathname() {
      return url.pathname;
    },
  });
  vi.stubGlobal('history', { replaceState: (_state: unknown, _title: string, next: string) => (url.href = new URL(next, url).href) });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const LATER = new Date(Date.now() + 3_600_000).toISOString();
const ISSUED = { token: 'issued', expiresAt: LATER, scopes: ['lounge'] };

describe('an invitation link', () => {
  it('gives up its code once, leaving the rest of the address', () => {
    expect(takeInvitationCode()).toBe('ABC123');
    expect(location.search).toBe('?zone=lounge');
    expect(takeInvitationCode()).toBeUndefined();
  });

  it("gives a guest a pass, kept for the tab, and says what it opens", async () => {
    const redeem = vi.fn(async () => ISSUED);
    const redeemed = await redeemLinkInvitation('ABC123', redeem);
    expect(redeem).toHaveBeenCalledWith('ABC123', undefined);
    expect(redeemed).toEqual({ guestPass: { token: 'issued', scopes: ['lounge'], expiresAt: LATER }, notice: 'Invitation accepted: welcome. It opens the lounge.' });
    expect(storedGuestPass()?.token).toBe('issued');
  });

  it("adds its scope to a signed-in visitor's session, with the new token", async () => {
    rememberSession({ address: '0x00000000000000000000000000000000000000a1', token: 'mine', expiresAt: LATER });
    const redeem = vi.fn(async () => ISSUED);
    const redeemed = await redeemLinkInvitation('ABC123', redeem);
    expect(redeem).toHaveBeenCalledWith('ABC123', 'mine');
    expect(redeemed.session).toMatchObject({ address: '0x00000000000000000000000000000000000000a1', token: 'issued' });
    expect(storedSession()?.token).toBe('issued');
    expect(storedGuestPass()).toBeUndefined();
  });

  it("tells the visitor the server's reason when it refuses", async () => {
    const redeemed = await redeemLinkInvitation('OLD', async () => {
      throw new Error('invites: this invitation has expired; ask for a new one');
    });
    expect(redeemed).toEqual({ notice: 'invites: this invitation has expired; ask for a new one' });
  });
});
