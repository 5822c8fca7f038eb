import type { Page } from 'playwright-core';
import { mnemonicToAccount, type HDAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import { ANVIL_DEFAULTS } from '../server/src/chain/anvil';
import type { WorldHarness } from './world';

/** Account `index` of the local chain's mnemonic (0: the staff wallet, 1–3: the demo owners). */
export const chainAccount = (index: number): HDAccount => mnemonicToAccount(ANVIL_DEFAULTS.mnemonic, { addressIndex: index });

/** The session the server gives a signed-in wallet (what the page keeps in `marque.session`). */
export interface ApiSession {
  address: string;
  token: string;
  expiresAt: string;
}

/** Signs `wallet` in through the API as the page would (SIWE: a nonce, a signed message), from outside the browser. */
export async function signInThroughApi(harness: WorldHarness, wallet: HDAccount): Promise<ApiSession> {
  const { url, serverUrl } = harness.stack;
  const { nonce } = (await (await fetch(`${serverUrl}/api/auth/nonce`, { method: 'POST' })).json()) as { nonce: string };
  const message = createSiweMessage({ address: wallet.address, domain: new URL(url).host, uri: url, version: '1', chainId: 31337, nonce, issuedAt: new Date() });
  const response = await fetch(`${serverUrl}/api/auth/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, signature: await wallet.signMessage({ message }) }),
  });
  if (!response.ok) throw new Error(`sign-in of ${wallet.address} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as ApiSession;
}

/** Options of {@link callApi}. */
export interface CallApiOptions {
  /** A session's token or an API key, sent as a bearer; none for a guest's call. */
  auth?: string;
  /** A JSON body; with one the call is a POST unless `method` says otherwise. */
  body?: unknown;
  method?: string;
}

/**
 * Calls the server's API from outside the browser and answers its JSON; a write carries a fresh
 * idempotency key (the operations API asks for one, the others ignore it). A refusal throws
 * with the route, the status and what the server said.
 */
export async function callApi<T>(harness: WorldHarness, route: string, { auth, body, method }: CallApiOptions = {}): Promise<T> {
  const response = await fetch(`${harness.stack.serverUrl}${route}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Options of {@link callApiFromPage}. */
export interface PageCallOptions {
  method?: string;
  /** A JSON body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sends the session the page holds (`window.marque.session`) as the bearer. */
  auth?: boolean;
}

/** A JSON call made by the page itself (its origin, cookies and, with `auth`, its session), answered as `{ status, body }` whatever the status. */
export function callApiFromPage<T = Record<string, unknown>>(page: Page, route: string, init: PageCallOptions = {}): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ route, init }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
      if (init.auth) headers.authorization = `Bearer ${window.marque!.session!.token}`;
      const response = await fetch(route, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    { route, init },
  ) as Promise<{ status: number; body: T }>;
}

/**
 * Answers the privacy banner with "Only what is needed" when the page asks, so that it covers
 * nothing; a page that does not ask (consent already given) is left as it is. `within`: how long
 * a fresh page may take to ask (by default only a banner already shown is answered).
 */
export async function answerConsentIfAsked(page: Page, { within = 0 }: { within?: number } = {}): Promise<void> {
  const banner = page.getByRole('dialog', { name: 'Your privacy choices' });
  const asked = within > 0 ? await banner.waitFor({ timeout: within }).then(() => true, () => false) : await banner.isVisible();
  if (!asked) return;
  await banner.getByRole('button', { name: 'Only what is needed' }).dispatchEvent('click');
  await banner.waitFor({ state: 'hidden' });
}
