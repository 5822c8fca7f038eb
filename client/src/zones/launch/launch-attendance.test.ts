import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LaunchAttendance, launchLink, type LaunchLink } from './launch-attendance';
import { OverflowStream, type EventSourceLike } from './overflow-stream';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  addEventListener() {}
  close() {
    this.closed = true;
  }
  /** The server refuses the stream (an HTTP error): the browser gives up on it. */
  refuse() {
    this.readyState = 2;
    this.onerror!(new Event('error'));
  }
}

/** An attendance whose streams open on fake sources, with spies on what it reports. */
function attendance(link: Partial<LaunchLink> = {}, guest: () => Promise<{ token: string; scopes: string[]; expiresAt: string }> = async () => ({ token: 'g', scopes: [], expiresAt: 'soon' })) {
  const sources: FakeSource[] = [];
  const urls: string[] = [];
  let token = 't1';
  const events = { onNotice: vi.fn(), onGuestPass: vi.fn() };
  const launch = new LaunchAttendance({
    link: { eventId: 'e1', watch: false, invited: false, ...link },
    openStream: (eventId, current) => {
      urls.push(`${eventId}:${current}`);
      return new OverflowStream(eventId, () => {
        const source = new FakeSource();
        sources.push(source);
        return source;
      });
    },
    startGuestSession: vi.fn(guest),
    token: () => token,
    ...events,
  });
  return { launch, sources, urls, events, setToken: (next: string) => (token = next) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("an attendee's side of a launch", () => {
  it('reads the event, the watching and an invitation off the link', () => {
    expect(launchLink('?event=e1&watch')).toEqual({ eventId: 'e1', watch: true, invited: false });
    expect(launchLink('?event=e1&invite=abc')).toEqual({ eventId: 'e1', watch: false, invited: true });
    expect(launchLink('?zone=launch')).toBeUndefined();
  });

  it('opens the overflow stream for a `?watch` link only while the visitor is in the launch zone', () => {
    const { launch, sources, urls } = attendance({ watch: true });
    expect(launch.getSnapshot()).toEqual({ overflow: true, stream: undefined });
    launch.watchAs('guest:');
    expect(launch.getSnapshot().stream).toBeDefined();
    expect(urls).toEqual(['e1:t1']);
    launch.watchAs(undefined);
    expect(sources[0]!.closed).toBe(true);
    expect(launch.getSnapshot().stream).toBeUndefined();
  });

  it('moves a visitor refused for a full audience to the overflow tier, and says so', () => {
    const { launch, events } = attendance();
    launch.watchAs('wallet:0xabc');
    expect(launch.getSnapshot().stream).toBeUndefined();
    launch.enterOverflow('events: no avatar left');
    expect(events.onNotice).toHaveBeenCalledWith('The arena is full, so you are watching the show without an avatar (events: no avatar left).');
    expect(launch.getSnapshot()).toMatchObject({ overflow: true, stream: expect.any(OverflowStream) });
  });

  it('opens the stream again with a fresh token a few seconds after the server closed it', async () => {
    const { launch, sources, urls, setToken } = attendance({ watch: true });
    launch.watchAs('guest:');
    setToken('t2');
    sources[0]!.refuse();
    await vi.advanceTimersByTimeAsync(2999);
    expect(sources).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sources[0]!.closed).toBe(true);
    expect(urls).toEqual(['e1:t1', 'e1:t2']);
  });

  it('opens the stream again for a new identity, and stops reopening once disposed', async () => {
    const { launch, sources } = attendance({ watch: true });
    launch.watchAs('guest:');
    launch.watchAs('wallet:0xabc');
    expect(sources).toHaveLength(2);
    expect(sources[0]!.closed).toBe(true);
    sources[1]!.refuse();
    launch.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sources).toHaveLength(2);
  });

  it('starts one guest session for a visitor without one, but none for an invited visitor', async () => {
    const { launch, events } = attendance();
    launch.needGuestSession(true);
    launch.needGuestSession(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(events.onGuestPass).toHaveBeenCalledTimes(1);
    expect(events.onGuestPass).toHaveBeenCalledWith({ token: 'g', scopes: [], expiresAt: 'soon' });

    const invited = attendance({ invited: true });
    invited.launch.needGuestSession(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(invited.events.onGuestPass).not.toHaveBeenCalled();
  });

  it('drops a guest session that arrives after the visitor signed in, and says when none could be started', async () => {
    const late = attendance();
    late.launch.needGuestSession(true);
    late.launch.needGuestSession(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.events.onGuestPass).not.toHaveBeenCalled();

    const failing = attendance({}, async () => {
      throw new Error('auth: too many guests; try again in a minute');
    });
    failing.launch.needGuestSession(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(failing.events.onNotice).toHaveBeenCalledWith('Could not start a guest session for the event: auth: too many guests; try again in a minute');
  });
});
