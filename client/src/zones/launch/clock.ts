import { MarqueError } from '../../../../protocol/src/errors';
import type { ServerTime } from '../../../../protocol/src/launch';
import { request } from '../../net/api';

/**
 * The server's clock, as this page estimates it: a launch is the same moment for every attendee
 * only if every page agrees on the time, and a phone's clock can be seconds off. A few round
 * trips to `GET /api/time`, NTP style: the sample with the shortest round trip bounds the error
 * best (at most half its round trip), so its offset wins.
 */

/** One round trip: the local time it was sent and answered at, and the server's time in between (ms). */
export interface ClockSample {
  sentAt: number;
  serverNow: number;
  receivedAt: number;
}

/** What a set of samples says about the server's clock. */
export interface ClockEstimate {
  /** Add to the local time to get the server's, ms. */
  offset: number;
  /** Round trip of the sample it comes from, ms: the offset is off by at most half of it. */
  roundTrip: number;
}

/**
 * The offset from the sample with the shortest round trip, assuming the server read its clock
 * half-way through it.
 * @throws MarqueError when there are no samples.
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockEstimate {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    if (!best || sample.receivedAt - sample.sentAt < best.receivedAt - best.sentAt) best = sample;
  }
  if (!best) throw new MarqueError('clock', 'no time samples to estimate the server clock from; sample it first');
  return { offset: best.serverNow - (best.sentAt + best.receivedAt) / 2, roundTrip: best.receivedAt - best.sentAt };
}

/** Options of {@link ServerClock}. */
export interface ServerClockOptions {
  /** Asks the server for its time, ms since the epoch. */
  fetchTime: () => Promise<number>;
  /** The local clock, ms since the epoch; monotonic by default, so a system clock that jumps does not move the show. */
  localNow?: () => number;
}

/**
 * A local estimate of the server's clock. Until {@link sync} succeeds it reads the local clock
 * (offset 0): the show then plays, if a little out of step, rather than not at all.
 */
export class ServerClock {
  /** Add to the local time to get the server's, ms. */
  offset = 0;
  /** Round trip of the sample the offset comes from; Infinity until synced. */
  roundTrip = Infinity;
  private readonly fetchTime: () => Promise<number>;
  private readonly localNow: () => number;

  constructor({ fetchTime, localNow = () => performance.timeOrigin + performance.now() }: ServerClockOptions) {
    this.fetchTime = fetchTime;
    this.localNow = localNow;
  }

  /**
   * Takes `rounds` samples one after another and keeps the best estimate; rounds that fail are
   * skipped.
   * @throws Error when every round failed (the clock keeps its previous estimate).
   */
  async sync(rounds = 5): Promise<ClockEstimate> {
    const samples: ClockSample[] = [];
    let failure: unknown;
    for (let round = 0; round < rounds; round++) {
      const sentAt = this.localNow();
      try {
        const serverNow = await this.fetchTime();
        samples.push({ sentAt, serverNow, receivedAt: this.localNow() });
      } catch (error) {
        failure = error;
      }
    }
    if (samples.length === 0) {
      throw new MarqueError('clock', `the server's time could not be read (${failure instanceof Error ? failure.message : String(failure)})`, { cause: failure });
    }
    const estimate = estimateOffset(samples);
    this.offset = estimate.offset;
    this.roundTrip = estimate.roundTrip;
    return estimate;
  }

  /** The server's time now, as estimated: ms since the epoch. */
  now(): number {
    return this.localNow() + this.offset;
  }
}

/** The page's one estimate of the server's clock, from `GET /api/time`; {@link ServerClock.sync} it before the show. */
export const serverClock = new ServerClock({ fetchTime: async () => (await request<ServerTime>('/api/time')).now });

/** The server's time now, as this page estimates it: ms since the epoch. */
export function serverNow(): number {
  return serverClock.now();
}
