import { afterEach, describe, expect, it } from 'vitest';
import { MarqueError } from '../../../protocol/src/errors';
import { ApiError } from '../net/api';
import { setLanguage } from './i18n';
import { errorMessage } from './server-error';

describe('errors as a person reads them', () => {
  afterEach(() => setLanguage('en', { remember: false }));

  it("translates a server refusal by its reason, in the page's language", async () => {
    const refused = new ApiError('auth: your session has expired; sign in again', 401, 'session-expired');
    expect(errorMessage(refused)).toBe('Your session has ended. Sign in again.');
    await setLanguage('de', { remember: false });
    expect(errorMessage(refused)).toBe('Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an.');
    await setLanguage('ja', { remember: false });
    expect(errorMessage(refused)).toBe('セッションが終了しました。もう一度サインインしてください。');
  });

  it("falls back to the server's English message for a reason it has no words for", async () => {
    await setLanguage('fr', { remember: false });
    expect(errorMessage(new ApiError('operations: the order ref ORD-1 is already used; pick another', 409, 'order-exists'))).toBe(
      'operations: the order ref ORD-1 is already used; pick another',
    );
    expect(errorMessage(new MarqueError('garage', 'something odd happened', { reason: 'odd' }))).toBe('garage: something odd happened');
    expect(errorMessage(new Error('plain failure'))).toBe('plain failure');
  });
});
