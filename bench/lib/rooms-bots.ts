/**
 * The load process of `bench/rooms.ts`: raw WebSocket bots (lib/colyseus-wire.ts) that join
 * a room through the matchmaker, walk the floor (lib/walk.ts) sending a binary pose 20
 * times a second each, and count the bytes their sockets receive. They decode nothing, so
 * this process costs as little of the shared cores as it can. Driven by the parent over
 * the IPC channel; not run on its own.
 */
import { Protocol } from '@colyseus/sdk';
import { encodePose } from '../../protocol/src/pose-codec';
import { bytesMessageHeader, RawRoomClient, reserveSeat } from './colyseus-wire';
import type { BotsCommand, BotsReport } from './rooms-protocol';
import { seededRandom } from '../../assets/src/materials/noise';
import { Walker } from './walk';
import { percentile } from './child-process';

const POSE_INTERVAL_MS = 50;
/** Joins in flight at once: enough to fill a room quickly without a thundering herd. */
const JOIN_CONCURRENCY = 8;
const POSE_HEADER = bytesMessageHeader('pose');

interface Bot {
  client: RawRoomClient;
  walker: Walker;
  nextAt: number;
  lastAt: number;
  /** When the last bytes message (the server's `poses`) arrived, and the longest wait between two in the window. */
  lastFrameAt: number;
  worstGapMs: number;
  /** Every gap between two bytes messages in the window (ms). */
  gaps: number[];
}

const bots: Bot[] = [];
let posesSent = 0;
let pump: NodeJS.Timeout | undefined;

function send(report: BotsReport) {
  process.send!(report);
}

async function join(url: string, room: string, count: number, seed: number): Promise<string[]> {
  const rand = seededRandom(seed);
  const walkers = Array.from({ length: count }, () => new Walker(rand));
  let next = 0;
  const joinOne = async (i: number) => {
    const seat = await reserveSeat(url, room, { name: `Bot ${i}`, device: 'desktop' });
    const client = await RawRoomClient.connect(url, seat);
    const now = performance.now();
    // Phases spread over the 50 ms period, as independent clients' would be.
    const bot: Bot = { client, walker: walkers[i]!, nextAt: now + Math.random() * POSE_INTERVAL_MS, lastAt: now, lastFrameAt: now, worstGapMs: 0, gaps: [] };
    client.onFrame = (frame) => {
      if (frame[0] !== Protocol.ROOM_DATA_BYTES) return;
      const at = performance.now();
      bot.worstGapMs = Math.max(bot.worstGapMs, at - bot.lastFrameAt);
      if (window) bot.gaps.push(at - bot.lastFrameAt);
      bot.lastFrameAt = at;
    };
    bots.push(bot);
  };
  await Promise.all(
    Array.from({ length: Math.min(JOIN_CONCURRENCY, count) }, async () => {
      while (next < count) await joinOne(next++);
    }),
  );
  pump ??= setInterval(sendDue, 5);
  return [...new Set(bots.map((b) => b.client.seat.roomId))];
}

/** Sends the pose of every bot whose turn it is; a bot that fell far behind skips ahead instead of bursting. */
function sendDue() {
  const now = performance.now();
  for (const bot of bots) {
    if (bot.nextAt > now) continue;
    const pose = bot.walker.step((now - bot.lastAt) / 1000);
    bot.lastAt = now;
    bot.nextAt = bot.nextAt + POSE_INTERVAL_MS < now - 2 * POSE_INTERVAL_MS ? now + POSE_INTERVAL_MS : bot.nextAt + POSE_INTERVAL_MS;
    if (!bot.client.open) continue;
    const record = encodePose(pose);
    const frame = new Uint8Array(POSE_HEADER.length + record.length);
    frame.set(POSE_HEADER);
    frame.set(record, POSE_HEADER.length);
    bot.client.send(frame);
    posesSent++;
  }
}

let window: { at: number; cpu: NodeJS.CpuUsage; posesSent: number; bytes: number[]; messages: number[] } | undefined;

process.on('message', (command: BotsCommand) => {
  if (command.type === 'join') {
    const started = performance.now();
    join(command.url, command.room, command.count, command.seed).then(
      (roomIds) => send({ type: 'joined', roomIds, ms: performance.now() - started }),
      (error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (command.type === 'start') {
    window = {
      at: performance.now(),
      cpu: process.cpuUsage(),
      posesSent,
      bytes: bots.map((b) => b.client.bytesRead),
      messages: bots.map((b) => b.client.messages),
    };
    for (const bot of bots) {
      bot.worstGapMs = 0;
      bot.gaps = [];
    }
  } else if (command.type === 'stop' && window) {
    const seconds = (performance.now() - window.at) / 1000;
    const cpu = process.cpuUsage(window.cpu);
    const w = window;
    const live = bots.map((b, i) => ({ b, i })).filter(({ b }) => b.client.open);
    send({
      type: 'sample',
      sample: {
        seconds,
        downlinkBytesPerSec: live.map(({ b, i }) => (b.client.bytesRead - w.bytes[i]!) / seconds),
        messagesPerSec: live.map(({ b, i }) => (b.client.messages - w.messages[i]!) / seconds),
        posesSentPerSec: (posesSent - w.posesSent) / seconds,
        disconnected: bots.flatMap((b) => (b.client.closed ? [b.client.closed] : [])),
        // Up to now, for a bot whose poses stopped coming altogether.
        worstPoseGapMs: Math.max(0, ...live.map(({ b }) => Math.max(b.worstGapMs, performance.now() - b.lastFrameAt))),
        poseGapP99Ms: percentile(live.flatMap(({ b }) => b.gaps), 0.99),
        cpuPercent: ((cpu.user + cpu.system) / (seconds * 1e6)) * 100,
      },
    });
    window = undefined;
  } else if (command.type === 'exit') {
    clearInterval(pump);
    for (const bot of bots) bot.client.close();
    setTimeout(() => process.exit(0), 100);
  }
});
process.on('disconnect', () => process.exit(0));
if (!process.send) {
  console.error('rooms-bots: run by bench/rooms.ts (it needs the IPC channel)');
  process.exit(1);
}
