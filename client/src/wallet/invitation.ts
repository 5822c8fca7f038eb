import { currentLocale, t } from '../i18n/i18n';
import { errorMessage } from '../i18n/server-error';
import { redeemInvitation, rememberGuestPass, rememberSession, storedSession, type GuestPass, type SignedInSession } from './session-store';

/**
 * The invitation code of the page's link (`?invite=…`), taken off the address at once, so a
 * reload (or React's second effect run) does not redeem it again.
 */
export function takeInvitationCode(): string | undefined {
  const params = new URLSearchParams(location.search);
  const code = params.get('invite');
  if (!code) return undefined;
  params.delete('invite');
  history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
  return code;
}

/** What redeeming an invitation gave: the signed-in session with its new scope, or a guest's pass; and what to tell the visitor. */
export interface RedeemedInvitation {
  session?: SignedInSession;
  guestPass?: GuestPass;
  notice: string;
}

/**
 * Redeems an invitation code: a signed-in visitor's session gains its scope (the token the server
 * issues replaces theirs), a guest gets a pass; either is kept for the tab. Never rejects: a
 * refusal comes back as the server's words in `notice`.
 */
export async function redeemLinkInvitation(code: string, redeem = redeemInvitation): Promise<RedeemedInvitation> {
  let issued: Awaited<ReturnType<typeof redeemInvitation>>;
  try {
    issued = await redeem(code, storedSession()?.token);
  } catch (error) {
    return { notice: errorMessage(error) };
  }
  const notice = t('invitation.accepted', { scopes: new Intl.ListFormat(currentLocale(), { type: 'conjunction' }).format(issued.scopes) });
  // Read again: the visitor may have signed in or out while the server answered.
  const signedIn = storedSession();
  if (signedIn) {
    const session = { ...signedIn, token: issued.token, expiresAt: issued.expiresAt };
    rememberSession(session);
    return { session, notice };
  }
  const guestPass = { token: issued.token, scopes: issued.scopes, expiresAt: issued.expiresAt };
  rememberGuestPass(guestPass);
  return { guestPass, notice };
}
