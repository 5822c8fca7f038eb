import { expect } from 'vitest';

/** The header that carries a session token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Reads a JSON answer, asserting its status first (the body is shown when it differs). */
export async function json<T>(response: Response, status = 200): Promise<T> {
  const body = await response.text();
  expect(response.status, body).toBe(status);
  return JSON.parse(body) as T;
}
