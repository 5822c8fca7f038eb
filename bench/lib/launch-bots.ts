/**
 * Part of the audience of `bench/launch.ts` (the parent starts one process for the embodied and
 * one for the overflow tier, so neither's receipts wait behind the other's traffic), costing the
 * shared cores as little as it can. Embodied attendees are raw WebSocket bots (lib/colyseus-wire.ts), each with its own guest
 * session, that join the event's `launch` room through the matchmaker and walk the floor
 * (lib/walk.ts) sending a head pose `POSE_HZ` times a second; overflow attendees hold one
 * server-sent event stream each, on a bare socket. Neither decodes what it receives: a bot counts bytes and notes
 * when each `show` message arrives (the k-th after the first is the k-th cue, since only cues
 * change the show during the run), on the machine's clock (epoch ms with microseconds, the same in
 * every process), which the parent compares with when it fired each cue. Driven by the parent
 * over the IPC channel; not run on its own.
 */
import { connect, type Socket } from 'node:net';
import { Protocol } from '@colyseus/sdk';
import { seededRandom } from '../../assets/src/materials/noise';
import { encodePose } from '../../protocol/src/pose-codec';
import { bytesMessageHeader, RawRoomClient, reserveSeat } from './colyseus-wire';
import type { LaunchBotsCommand, LaunchBotsReport } from './launch-protocol';
import { Walker } from './walk';

/** Head poses a second from each embodied attendee: what a client sends while its visitor moves. */
const POSE_HZ = 20;
/** Joins in flight at once, per tier. */
const EMBODIED_CONCURRENCY = 8;
const OVERFLOW_CONCURRENCY = 64;
const POSE_HEADER = bytesMessageHeader('pose');
/** How a `show` message starts on the wire: ROOM_DATA, then the type as a short msgpack string. */
const SHOW_PREFIX = Buffer.concat([Buffer.of(Protocol.ROOM_DATA), Buffer.from(bytesMessageHeader('show').subarray(1))]);
const SHOW_EVENT = Buffer.from('event: show\n');

/** This machine's clock in epoch ms, to the microsecond: the parent compares it with when it fired each cue. */
const epochMs = () => performance.timeOrigin + performance.now();

/** One attendee: when each show state arrived (epoch ms; index 0: the one on joining), and bytes read. */
interface Attendee {
  shows: number[];
  bytes(): number;
}

const embodied: { attendee: Attendee; client: RawRoomClient; walker: Walker; lastAt: number }[] = [];
const overflow: { attendee: Attendee; socket: Socket }[] = [];
let pump: NodeJS.Timeout | undefined;

function send(report: LaunchBotsReport) {
  process.send!(report);
}

async function guestToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/guest`, { method: 'POST' });
  if (!response.ok) throw new Error(`guest session: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

async function joinEmbodied(url: string, eventId: string, i: number, rand: () => number): Promise<void> {
  const token = await guestToken(url);
  const seat = await reserveSeat(url, 'launch-event', { eventId, name: `Bot ${i}`, device: 'mobile' }, token);
  const attendee: Attendee = { shows: [], bytes: () => 0 };
  const client = await RawRoomClient.connect(url, seat);
  client.onFrame = (frame) => {
    if (frame.length > SHOW_PREFIX.length && frame.subarray(0, SHOW_PREFIX.length).equals(SHOW_PREFIX)) attendee.shows.push(epochMs());
  };
  attendee.bytes = () => client.bytesRead;
  embodied.push({ attendee, client, walker: new Walker(rand), lastAt: performance.now() });
}

/**
 * Opens an overflow stream on a bare TCP socket (a hand-written GET; what arrives is only counted
 * and searched for the show marker, never parsed as HTTP): resolves once the first show state
 * arrived.
 */
function joinOverflow(url: string, eventId: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), noDelay: true });
    const attendee: Attendee = { shows: [], bytes: () => socket.bytesRead };
    let tail = Buffer.alloc(0);
    let started = false;
    socket.on('connect', () => socket.write(`GET /api/events/${eventId}/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => {
      if (!started) {
        started = true;
        if (!chunk.subarray(0, 12).toString().startsWith('HTTP/1.1 200')) {
          socket.destroy();
          return reject(new Error(`stream: ${chunk.subarray(0, 40).toString().split('\r\n')[0]}`));
        }
      }
      // A marker split between two chunks is found in the previous chunk's tail joined to this one.
      const text = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      for (let at = text.indexOf(SHOW_EVENT); at >= 0; at = text.indexOf(SHOW_EVENT, at + 1)) {
        if (at + SHOW_EVENT.length > tail.length) attendee.shows.push(epochMs());
      }
      tail = Buffer.from(text.subarray(Math.max(0, text.length - SHOW_EVENT.length)));
      if (attendee.shows.length === 1 && !overflow.some((o) => o.attendee === attendee)) {
        overflow.push({ attendee, socket });
        resolve();
      }
    });
    socket.on('error', (error) => (started ? undefined : reject(error)));
  });
}

/** Runs `count` joins, `concurrency` at a time; returns each one's time and the failures. */
async function joinAll(count: number, concurrency: number, join: (i: number) => Promise<void>): Promise<{ ms: number[]; failed: string[] }> {
  const ms: number[] = [];
  const failed: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        const started = performance.now();
        try {
          await join(i);
          ms.push(performance.now() - started);
        } catch (error) {
          failed.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  return { ms, failed };
}

/** Ticks of the pose pump per pose period: each tick sends for one slice of the bots, so poses arrive spread out as independent clients' do. */
const SLICES = 10;
let tick = 0;

function sendPoses() {
  const now = performance.now();
  const slice = tick++ % SLICES;
  for (let i = slice; i < embodied.length; i += SLICES) {
    const bot = embodied[i]!;
    if (!bot.client.open) continue;
    const record = encodePose(bot.walker.step((now - bot.lastAt) / 1000));
    bot.lastAt = now;
    const frame = new Uint8Array(POSE_HEADER.length + record.length);
    frame.set(POSE_HEADER);
    frame.set(record, POSE_HEADER.length);
    bot.client.send(frame);
  }
}

/** What was counted when the show began: each attendee's show receipts, the bytes read, the CPU used. */
let mark: { shows: number[]; bytes: { embodied: number; overflow: number }; cpu: NodeJS.CpuUsage; at: number } | undefined;

const everyone = () => [...embodied.map((e) => e.attendee), ...overflow.map((o) => o.attendee)];
const bytesRead = () => ({ embodied: sum(embodied.map((e) => e.attendee.bytes())), overflow: sum(overflow.map((o) => o.attendee.bytes())) });

/** The show's receipts: for each cue, when each attendee got it (epoch ms), or null; bytes and CPU since the mark. */
function collect(cues: number): Extract<LaunchBotsReport, { type: 'collected' }> {
  if (!mark) throw new Error('collect before mark');
  const { shows, bytes, cpu, at } = mark;
  const receipts = everyone().map((attendee, a) => Array.from({ length: cues }, (_, c) => attendee.shows[shows[a]! + c] ?? null));
  const now = bytesRead();
  const seconds = (performance.now() - at) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    type: 'collected',
    receipts,
    bytes: { embodied: now.embodied - bytes.embodied, overflow: now.overflow - bytes.overflow },
    seconds,
    cpuPercent: ((used.user + used.system) / (seconds * 1e6)) * 100,
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

process.on('message', (command: LaunchBotsCommand) => {
  if (command.type === 'join') {
    const rand = seededRandom(7);
    void (async () => {
      const inRoom = await joinAll(command.embodied, EMBODIED_CONCURRENCY, (i) => joinEmbodied(command.url, command.eventId, i, rand));
      pump ??= setInterval(sendPoses, 1000 / POSE_HZ / SLICES);
      const watching = await joinAll(command.overflow, OVERFLOW_CONCURRENCY, () => joinOverflow(command.url, command.eventId));
      send({ type: 'joined', joinMs: [...inRoom.ms, ...watching.ms], failed: [...inRoom.failed, ...watching.failed] });
    })().catch((error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
  } else if (command.type === 'mark') {
    mark = { shows: everyone().map((a) => a.shows.length), bytes: bytesRead(), cpu: process.cpuUsage(), at: performance.now() };
    send({ type: 'marked' });
  } else if (command.type === 'collect') {
    send(collect(command.cues));
  } else if (command.type === 'exit') {
    clearInterval(pump);
    for (const bot of embodied) bot.client.close();
    for (const viewer of overflow) viewer.socket.destroy();
    setTimeout(() => process.exit(0), 100);
  }
});
process.on('disconnect', () => process.exit(0));
if (!process.send) {
  console.error('launch-bots: run by bench/launch.ts (it needs the IPC channel)');
  process.exit(1);
}
