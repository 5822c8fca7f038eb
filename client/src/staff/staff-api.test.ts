import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTokenIds, StaffApi } from './staff-api';

afterEach(() => vi.unstubAllGlobals());

describe('StaffApi', () => {
  it('sends each write with the session and a new idempotency key', async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return new Response(JSON.stringify({ id: 1 }), { status: 202 });
    });
    let n = 0;
    const api = new StaffApi('tok', () => `k${++n}`);
    const order = { orderRef: 'SO-1', model: 'astrale-2025', configuration: { paint: 'P', wheel: 'W', caliper: 'C', interior: 'I', trim: 'T' }, owner: 'invite' as const };
    await api.confirmOrder(order);
    await api.confirmOrder(order);
    const headers = sent.map((s) => s.init.headers as Record<string, string>);
    expect(headers.map((h) => h['idempotency-key'])).toEqual(['k1', 'k2']);
    expect(headers[0]!.authorization).toBe('Bearer tok');
    expect(JSON.parse(sent[0]!.init.body as string)).toEqual(order);
  });

  it('advances each twin to its own next stage, and refuses a delivered one before sending anything', async () => {
    const posted: unknown[] = [];
    const stages: Record<string, string | null> = { '1': 'Paint', '2': 'BodyShop', '3': null };
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      if (init.method === 'POST') {
        posted.push(JSON.parse(init.body as string));
        return new Response('[]', { status: 202 });
      }
      const id = /twins\/(\d+)\//.exec(url)![1]!;
      return new Response(JSON.stringify({ tokenId: id, next: stages[id] }), { status: 200 });
    });
    const api = new StaffApi('tok');
    await api.advance(['1', '2'], '2026-12-01T08:00:00.000Z');
    expect(posted).toEqual([
      { changes: [{ tokenId: '1', stage: 'Paint', happenedAt: '2026-12-01T08:00:00.000Z' }, { tokenId: '2', stage: 'BodyShop', happenedAt: '2026-12-01T08:00:00.000Z' }] },
    ]);
    await expect(api.advance(['3'], '2026-12-01T08:00:00.000Z')).rejects.toThrow(/twin 3 is delivered/);
    expect(posted).toHaveLength(1);
  });

  it('reads twin numbers as people type them', () => {
    expect(parseTokenIds('12, 13 14;12')).toEqual(['12', '13', '14']);
    expect(() => parseTokenIds('12, x')).toThrow('"x" is not a twin number');
    expect(() => parseTokenIds('  ')).toThrow('at least one');
  });
});
