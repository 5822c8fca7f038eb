import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarqueError } from '../../../protocol/src/errors';
import { ApiError, request, requestBlob } from './api';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the API client', () => {
  it("keeps the server's details of a refusal, for forms to put on their fields", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ error: 'events: the event is not valid', reason: 'bad-request', details: 'title: too short; videoUrl: not a URL' }, { status: 400 })),
    );
    const refusal = await request('/api/events', { method: 'POST', body: {} }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ message: 'events: the event is not valid', unit: 'events', status: 400, reason: 'bad-request', details: 'title: too short; videoUrl: not a URL' });
    expect(refusal).toBeInstanceOf(MarqueError);
  });

  it('hands back a file with the Bearer sent, and a refused one as an ApiError', async () => {
    const fetchMock = vi.fn(async () => new Response('minute,joins\n', { headers: { 'content-type': 'text/csv' } }));
    vi.stubGlobal('fetch', fetchMock);
    const blob = await requestBlob('/api/events/e1/report?format=csv', { token: 't' });
    expect(await blob.text()).toBe('minute,joins\n');
    expect((fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1].headers).toMatchObject({ authorization: 'Bearer t' });
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ error: 'events: only a host', reason: 'not-host' }, { status: 403 })));
    await expect(requestBlob('/api/events/e1/report?format=csv', { token: 't' })).rejects.toMatchObject({ status: 403, reason: 'not-host', message: 'events: only a host' });
  });
});
