import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../net/api';
import { fetchMyTwins, fetchShowcase, isTwinId, setShowcasePublic } from './twin-client';

function answer(status: number, body: unknown) {
  const fetchMock = vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the twin API client', () => {
  it("sends the session's token as a Bearer and returns the JSON", async () => {
    const fetchMock = answer(200, [{ tokenId: '1' }]);
    expect(await fetchMyTwins('token-1')).toEqual([{ tokenId: '1' }]);
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/me/twins');
    expect(init.headers).toMatchObject({ authorization: 'Bearer token-1' });
  });

  it('puts the showcase setting as JSON', async () => {
    const fetchMock = answer(204, undefined);
    await setShowcasePublic('7', true, 'token-1');
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/twins/7/showcase');
    expect(init).toMatchObject({ method: 'PUT', body: '{"public":true}' });
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer token-1' });
  });

  it("turns a refusal into an ApiError with the server's message, status and reason", async () => {
    answer(404, { error: 'twins: the showcase of #2 is not public', reason: 'not-public' });
    const refusal = await fetchShowcase('2').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ message: 'twins: the showcase of #2 is not public', unit: 'twins', status: 404, reason: 'not-public' });
  });

  it('names the route when a refusal is not JSON, and says when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('Bad gateway', { status: 502 })));
    await expect(fetchShowcase('2')).rejects.toMatchObject({ message: 'api: GET /api/twins/2/showcase answered 502; try again in a moment', unit: 'api', status: 502 });
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(fetchMyTwins('t')).rejects.toMatchObject({ message: 'api: could not reach the server (Failed to fetch); check the connection and try again', status: 0 });
  });

  it('knows a twin id when it sees one', () => {
    expect(isTwinId('1')).toBe(true);
    expect(isTwinId('123456789012345678')).toBe(true);
    expect(isTwinId('0')).toBe(false);
    expect(isTwinId('01')).toBe(false);
    expect(isTwinId('1e3')).toBe(false);
    expect(isTwinId('')).toBe(false);
  });
});
