import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AddOn, OwnerTwin } from '../../../protocol/src/twin-api';
import { AddOnFlow, type AddOnFlowSnapshot } from './add-on-flow';

const ADD_ON: AddOn = { id: '0x' + 'ab'.repeat(32), name: 'Orange Solaire', description: 'A warm orange.', sets: { paint: 'P-ORANGE-SOLAIRE' }, code: 'ORANGE' } as AddOn;
const HASH = `0x${'12'.repeat(32)}` as const;

function twin(addOns: string[] = []): OwnerTwin {
  return { tokenId: '3', modelName: 'Astrale GT', addOns } as unknown as OwnerTwin;
}

/** A flow whose wallet mines at once, and whose server's index shows the add-on from the `seenFrom`-th read on. */
function flow(seenFrom = 1, send = vi.fn(async (_t: string, _a: string, onPhase: (phase: 'wallet' | 'mining') => void) => (onPhase('mining'), HASH))) {
  let reads = 0;
  const refreshTwins = vi.fn(async () => [twin(++reads >= seenFrom ? [ADD_ON.id] : [])]);
  const onApplied = vi.fn();
  const addOns = new AddOnFlow({ send, refreshTwins, onApplied });
  const steps: AddOnFlowSnapshot[] = [];
  addOns.subscribe(() => steps.push(addOns.getSnapshot()));
  return { addOns, steps, refreshTwins, onApplied, send };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the garage's add-on flow", () => {
  it('goes from the wallet to mining to the index, and says the add-on is on the car once the server shows it', async () => {
    const { addOns, steps, refreshTwins, onApplied } = flow(3);
    const done = addOns.apply(ADD_ON, twin());
    await vi.advanceTimersByTimeAsync(0);
    expect(addOns.getSnapshot().applying?.step).toBe('indexing');
    await vi.advanceTimersByTimeAsync(500);
    expect(refreshTwins).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(500);
    await done;
    expect(steps.map((s) => s.applying?.step ?? s.result?.text)).toEqual(['wallet', 'mining', 'indexing', 'Orange Solaire is now on your Astrale GT.']);
    expect(refreshTwins).toHaveBeenCalledTimes(3);
    expect(onApplied).toHaveBeenCalledOnce();
  });

  it('keeps asking through failed reads, and after a minute says the transaction went through but the garage has not seen it', async () => {
    const { addOns, refreshTwins, onApplied } = flow(Infinity);
    refreshTwins.mockRejectedValueOnce(new Error('api: could not reach the server'));
    const done = addOns.apply(ADD_ON, twin());
    await vi.advanceTimersByTimeAsync(61_000);
    await done;
    expect(addOns.getSnapshot()).toEqual({
      result: { ok: false, text: `Orange Solaire was not applied. The transaction went through (${HASH.slice(0, 10)}…), but the garage has not seen it yet; look again in a minute.` },
    });
    expect(refreshTwins.mock.calls.length).toBeGreaterThan(100);
    expect(onApplied).not.toHaveBeenCalled();
  });

  it("ends a declined transaction with the wallet's reason, and applies one add-on at a time", async () => {
    const send = vi.fn(async () => {
      throw Object.assign(new Error('User rejected the request.'), { name: 'UserRejectedRequestError' });
    });
    const { addOns } = flow(1, send);
    const first = addOns.apply(ADD_ON, twin());
    void addOns.apply(ADD_ON, twin());
    await first;
    expect(send).toHaveBeenCalledOnce();
    expect(addOns.getSnapshot().result).toEqual({ ok: false, text: 'Orange Solaire was not applied. You declined the transaction in your wallet: nothing was applied.' });
  });
});
