/**
 * What `bench/rooms.ts` and its two child processes (lib/rooms-server.ts, lib/rooms-bots.ts)
 * say to each other over the IPC channel. Kept apart from the children, whose modules start
 * their process when imported.
 */

/** Parent → server. */
export type ServerCommand = { type: 'start' } | { type: 'stop' } | { type: 'exit' };

/** What the server process measured of itself over one window. */
export interface ServerSample {
  seconds: number;
  /** User + system CPU time over wall time, in % of one core. */
  cpuPercent: number;
  eventLoopP50Ms: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** Resident set size: the highest and the mean of samples taken every 250 ms. */
  rssMaxMB: number;
  rssMeanMB: number;
}

/** Server → parent. */
export type ServerReport = { type: 'ready'; url: string; idle: ServerSample } | { type: 'sample'; sample: ServerSample };

/** Event-loop delay is sampled by a 1 ms timer; its histogram includes that 1 ms period. */
export const EVENT_LOOP_RESOLUTION_MS = 1;

/** Parent → bots. */
export type BotsCommand =
  | { type: 'join'; url: string; room: string; count: number; seed: number }
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'exit' };

/** What the bots saw over one window. */
export interface BotsSample {
  seconds: number;
  /** Per bot still connected at the end of the window: bytes its socket read a second. */
  downlinkBytesPerSec: number[];
  /** Per bot: WebSocket messages received a second. */
  messagesPerSec: number[];
  /** Poses sent a second, all bots together. */
  posesSentPerSec: number;
  /** Bots whose connection closed during the run, with the close codes. */
  disconnected: { code: number; reason: string }[];
  /** The longest a connected bot waited between two `poses` messages from the server, over the window. */
  worstPoseGapMs: number;
  /** The 99th percentile of those gaps, over every bot. */
  poseGapP99Ms: number;
  /** CPU of this process over the window, % of one core. */
  cpuPercent: number;
}

/** Bots → parent. */
export type BotsReport = { type: 'joined'; roomIds: string[]; ms: number } | { type: 'sample'; sample: BotsSample } | { type: 'error'; message: string };

