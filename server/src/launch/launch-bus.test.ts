import { LocalPresence } from '@colyseus/core';
import { describe, expect, it, vi } from 'vitest';
import { LaunchBus, type BusMessage } from './launch-bus';

const reactions = (n: number): BusMessage => ({ kind: 'reactions', counts: { clap: n } });

describe('LaunchBus', () => {
  it('hands an event\'s messages to each of its followers, and to no other event\'s', async () => {
    const bus = new LaunchBus(new LocalPresence());
    const first: BusMessage[] = [];
    const second: BusMessage[] = [];
    const other: BusMessage[] = [];
    bus.subscribe('a', (m) => first.push(m));
    bus.subscribe('a', (m) => second.push(m));
    bus.subscribe('b', (m) => other.push(m));
    await bus.publish('a', reactions(1));
    await vi.waitFor(() => expect(second).toEqual([reactions(1)]));
    expect(first).toEqual([reactions(1)]);
    expect(other).toEqual([]);
  });

  it('subscribes to the presence layer once per event, and leaves it with the last follower', async () => {
    const presence = new LocalPresence();
    const subscribe = vi.spyOn(presence, 'subscribe');
    const unsubscribe = vi.spyOn(presence, 'unsubscribe');
    const bus = new LaunchBus(presence);
    const stopOne = bus.subscribe('a', () => {});
    const stopTwo = bus.subscribe('a', () => {});
    expect(subscribe).toHaveBeenCalledTimes(1);
    stopOne();
    expect(unsubscribe).not.toHaveBeenCalled();
    stopTwo();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    // Following again after the last one left subscribes afresh.
    const seen: BusMessage[] = [];
    bus.subscribe('a', (m) => seen.push(m));
    expect(subscribe).toHaveBeenCalledTimes(2);
    await bus.publish('a', reactions(2));
    await vi.waitFor(() => expect(seen).toEqual([reactions(2)]));
  });
});
