import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LAUNCH_ROOM } from '../../../protocol/src/launch';
import type { Notice } from '../../../protocol/src/messages';
import { JoinRefusedError } from './join-refused-error';
import type { ConnectionStatus, JoinableRoom, JoinRequest } from './world-connection';
import { WorldSession, type SessionConnection } from './world-session';

/** A joined room as the session sees it: the test drives its notices and status. */
class FakeConnection implements SessionConnection {
  left = false;
  private readonly notices = new Set<(notice: Notice) => void>();
  private readonly statuses = new Set<(status: ConnectionStatus) => void>();
  constructor(
    readonly room: JoinableRoom,
    readonly request: JoinRequest,
  ) {}
  on(kind: 'notice' | 'status', listener: never): () => void {
    const set = (kind === 'notice' ? this.notices : this.statuses) as Set<unknown>;
    set.add(listener);
    return () => set.delete(listener);
  }
  async leave() {
    this.left = true;
  }
  notice(message: string) {
    for (const listener of this.notices) listener({ message } as Notice);
  }
  status(status: ConnectionStatus) {
    for (const listener of this.statuses) listener(status);
  }
}

/** A session whose joins answer from `answers` in turn (a function throws its refusal), with spies on what it reports. */
function session(answers: (() => void)[] = [], followed?: string) {
  const joins: FakeConnection[] = [];
  const events = { onNotice: vi.fn(), onRefused: vi.fn(), onOverflow: vi.fn() };
  let token = 't1';
  const world = new WorldSession<FakeConnection>({
    join: async (room, request) => {
      answers.shift()?.();
      const joined = new FakeConnection(room, request);
      joins.push(joined);
      return joined;
    },
    token: () => token,
    device: 'desktop',
    followedRoom: () => followed,
    events,
  });
  return { world, joins, events, setToken: (next: string) => (token = next) };
}

const refuse = (message: string, code: number) => () => {
  throw new JoinRefusedError(message, code);
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the world session', () => {
  it("joins the zone's room with the token of the moment, and leaves it for the next zone", async () => {
    const { world, joins, setToken } = session();
    world.connect({ zone: 'museum', identity: 'guest' });
    expect(world.getSnapshot()).toEqual({ connection: undefined, status: 'reconnecting' });
    await vi.advanceTimersByTimeAsync(0);
    expect(world.getSnapshot()).toEqual({ connection: joins[0], status: 'connected' });
    expect(joins[0]).toMatchObject({ room: 'museum', request: { token: 't1', device: 'desktop' } });

    setToken('t2');
    world.connect({ zone: 'factory', identity: 'guest' });
    expect(joins[0]!.left).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(joins[1]).toMatchObject({ room: 'factory', request: { token: 't2' } });
  });

  it('joins no room without a zone, and leaves a join that answers after the visitor moved on', async () => {
    const { world, joins } = session();
    world.connect({ zone: undefined, identity: undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(joins).toHaveLength(0);

    world.connect({ zone: 'museum', identity: 'a' });
    world.disconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(joins[0]!.left).toBe(true);
    expect(world.getSnapshot().connection).toBeUndefined();
  });

  it("follows a shared link into the friend's instance, and says so when it cannot", async () => {
    const followed = session([], 'room-7');
    followed.world.connect({ zone: 'garage', identity: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    expect(followed.joins[0]!.request.roomId).toBe('room-7');

    const gone = session([refuse('garage: that instance is closed', 404)], 'room-8');
    gone.world.connect({ zone: 'garage', identity: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    expect(gone.events.onNotice).toHaveBeenCalledWith("Could not join your friend's garage (garage: that instance is closed); you are in another one.");
    expect(gone.joins[0]!.request.roomId).toBeUndefined();
    expect(gone.world.getSnapshot().status).toBe('connected');
  });

  it("passes the room's notices on, and follows its drops", async () => {
    const { world, joins, events } = session();
    world.connect({ zone: 'museum', identity: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    joins[0]!.notice('chat: slow down');
    expect(events.onNotice).toHaveBeenCalledWith('chat: slow down');
    joins[0]!.status({ state: 'reconnecting' });
    expect(world.getSnapshot()).toEqual({ connection: joins[0], status: 'reconnecting' });
    joins[0]!.status({ state: 'connected' });
    expect(world.getSnapshot().status).toBe('connected');
  });

  it('joins a new instance when the old one went away, waiting longer each time instances keep going away', async () => {
    const { world, joins } = session();
    world.connect({ zone: 'museum', identity: 'a' });
    await vi.advanceTimersByTimeAsync(0);

    joins[0]!.status({ state: 'closed', code: 1006, retry: true });
    expect(world.getSnapshot()).toEqual({ connection: joins[0], status: 'closed' });
    await vi.advanceTimersByTimeAsync(999);
    expect(joins).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(joins).toHaveLength(2);
    expect(world.getSnapshot()).toEqual({ connection: joins[1], status: 'connected' });

    // Gone again at once: twice the wait.
    joins[1]!.status({ state: 'closed', code: 4010, retry: true });
    await vi.advanceTimersByTimeAsync(1999);
    expect(joins).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(joins).toHaveLength(3);

    // A connection that stayed up a while starts the back-off afresh.
    await vi.advanceTimersByTimeAsync(60_000);
    joins[2]!.status({ state: 'closed', code: 1006, retry: true });
    await vi.advanceTimersByTimeAsync(1000);
    expect(joins).toHaveLength(4);
  });

  it('stops a pending retry when the visitor leaves the zone', async () => {
    const { world, joins } = session();
    world.connect({ zone: 'museum', identity: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    joins[0]!.status({ state: 'closed', code: 1006, retry: true });
    world.connect({ zone: undefined, identity: 'a' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(joins).toHaveLength(1);
  });

  it('reports a removal and hands the zone back, without joining again', async () => {
    const { world, joins, events } = session();
    world.connect({ zone: 'lounge', identity: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    joins[0]!.status({ state: 'closed', code: 4003, retry: false, removal: { reason: 'removed', message: 'lounge: a host removed you' } as never });
    expect(events.onNotice).toHaveBeenCalledWith('lounge: a host removed you');
    expect(events.onRefused).toHaveBeenCalledWith('lounge');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(joins).toHaveLength(1);
  });

  it("reports a refused join with the server's words and hands the zone back", async () => {
    const { world, events } = session([refuse('garage: sign in with the wallet that owns a twin', 403)]);
    world.connect({ zone: 'garage', identity: undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(events.onNotice).toHaveBeenCalledWith('garage: sign in with the wallet that owns a twin');
    expect(events.onRefused).toHaveBeenCalledWith('garage');
    expect(world.getSnapshot().connection).toBeUndefined();
  });

  it("joins a launch event's own room, and sends a visitor refused for a full audience to the overflow tier", async () => {
    const joined = session();
    joined.world.connect({ zone: 'launch', identity: 'a', eventId: 'e1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(joined.joins[0]).toMatchObject({ room: LAUNCH_ROOM, request: { eventId: 'e1' } });

    const full = session([refuse('events: the arena is full', 409)]);
    full.world.connect({ zone: 'launch', identity: 'a', eventId: 'e1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(full.events.onOverflow).toHaveBeenCalledWith('events: the arena is full');
    expect(full.events.onRefused).not.toHaveBeenCalled();

    // A 409 from a zone's own room is a refusal like any other.
    const elsewhere = session([refuse('museum: full', 409)]);
    elsewhere.world.connect({ zone: 'museum', identity: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    expect(elsewhere.events.onOverflow).not.toHaveBeenCalled();
    expect(elsewhere.events.onRefused).toHaveBeenCalledWith('museum');
  });

  it('tells the subscribers of each change, with a new snapshot', async () => {
    const { world, joins } = session();
    const seen: unknown[] = [];
    world.subscribe(() => seen.push(world.getSnapshot()));
    world.connect({ zone: 'museum', identity: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    joins[0]!.status({ state: 'reconnecting' });
    expect(seen).toEqual([
      { connection: joins[0], status: 'connected' },
      { connection: joins[0], status: 'reconnecting' },
    ]);
  });
});
