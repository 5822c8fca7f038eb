/**
 * What `bench/launch.ts` and its child processes (lib/launch-server.ts, lib/launch-bots.ts) say
 * to each other over the IPC channel.
 */
import type { ServerSample } from './rooms-protocol';

/** Server → parent. */
export type LaunchServerReport = { type: 'ready'; url: string; token: string; eventId: string } | { type: 'sample'; sample: ServerSample };

/** Parent → bots. */
export type LaunchBotsCommand =
  | { type: 'join'; url: string; eventId: string; embodied: number; overflow: number }
  /** Counts from now: the show is about to begin. */
  | { type: 'mark' }
  /** The receipts of the `cues` cues fired since the mark. */
  | { type: 'collect'; cues: number }
  | { type: 'exit' };

/** Bots → parent. */
export type LaunchBotsReport =
  | { type: 'joined'; joinMs: number[]; failed: string[] }
  | { type: 'marked' }
  | {
      type: 'collected';
      /** Per attendee, per cue: when it arrived (epoch ms, this machine's clock), or null when it did not. */
      receipts: (number | null)[][];
      /** Bytes the attendees' sockets read since the mark, embodied and overflow. */
      bytes: { embodied: number; overflow: number };
      seconds: number;
      cpuPercent: number;
    }
  | { type: 'error'; message: string };
