/**
 * How one museum instance copes as it fills: N avatars sending poses at 20 Hz through the
 * real server, with interest management (the rooms' DEFAULT_INTEREST) and without it
 * (`interest: null`: every changed pose to everyone, every tick) as the reference measured
 * in the same run.
 *
 * Three processes, all on this machine's loopback:
 *   server  bench/lib/rooms-server.ts: startTestWorld (local chain, contracts, PGlite, the
 *           real app config) with the museum's policy at capacity 500 and interest on or off;
 *           it measures itself over the window: CPU (process.cpuUsage, % of one core),
 *           event-loop delay (perf_hooks monitorEventLoopDelay at 1 ms resolution, so an
 *           idle loop reads about 1.1 ms) and RSS (sampled every 250 ms, the highest).
 *   bots    bench/lib/rooms-bots.ts: N − 3 raw WebSocket bots that join through the
 *           matchmaker as @colyseus/sdk does (lib/colyseus-wire.ts), walk the 60 × 60 m floor
 *           (lib/walk.ts: random waypoints at a walking pace, pauses to look around), send a
 *           head pose 20 times a second each and decode nothing; each counts the bytes its
 *           TCP socket reads (WebSocket framing included) over the window.
 *   this    three full SDK clients (client/src/net/world-connection.ts) standing about a metre
 *           apart among the bots; in turn one steps to a fresh position and the other two
 *           record when that exact pose lands in their pose buffer: end-to-end pose latency
 *           on one clock (performance.now() of this process), about 12 moves a second.
 * A fresh server and fresh bots for every run, so no run inherits another's heap.
 *
 * The machine has few cores and the three processes share them: the bots' own CPU is
 * reported beside the server's, and on a 2-core machine the server cannot have a core to
 * itself once the bots are busy (mostly in the runs without interest management).
 *
 * The aim it is read against: 100 avatars at 20 Hz in one instance with the server's
 * event-loop p99 under 10 ms on one core, and per-client downlink flat as N grows with
 * interest management (bounded by (maxNear + farPerTick) records a tick).
 *
 *   npm run bench:rooms [-- --sizes 25,50 --warmup 2 --measure 5 --interest on|off|both --cpu-prof <dir>]
 *
 * Prints a table and writes bench/results/rooms.json; a run with other sizes or durations
 * than the defaults (a smoke run) writes its JSON to the system's temporary folder instead.
 * `--cpu-prof <dir>` has the server process write a V8 CPU profile of each run into <dir>.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type RemoteAvatar, WorldConnection } from '../client/src/net/world-connection';
import { POSES_HEADER_BYTES, type AvatarPose } from '../protocol/src/pose-codec';
import { DEFAULT_INTEREST } from '../server/src/rooms/pose-fanout';
import { TICK_MS } from '../server/src/rooms/world-room';
import {
  EVENT_LOOP_RESOLUTION_MS,
  type BotsCommand,
  type BotsReport,
  type BotsSample,
  type ServerCommand,
  type ServerReport,
  type ServerSample,
} from './lib/rooms-protocol';
import { Child, machineInfo, percentile, sleep } from './lib/child-process';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results', 'rooms.json');
const DEFAULTS = { sizes: [25, 50, 100, 200, 400], warmupS: 6, measureS: 12 };
const CAPACITY = 500;
const SDK_CLIENTS = 3;
/** Where the SDK clients stand (metres): a small group in the middle of the crowd. */
const GROUP = [
  { x: 6, z: -4 },
  { x: 7.2, z: -4 },
  { x: 6.6, z: -3 },
];
/** A head pose record: flags and the head (no hands: desktop and phone visitors). */
const HEAD_RECORD_BYTES = 11;

interface Run {
  n: number;
  interest: boolean;
  /** Server process: CPU time over wall time, % of one core. */
  cpuPercent: number;
  eventLoopP50Ms: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** Highest RSS of the server process during the window. */
  rssMB: number;
  /** The same server process, booted and empty, before anyone joined. */
  idle: { eventLoopP50Ms: number; eventLoopP99Ms: number; rssMB: number };
  /** Over the raw bots: bytes their sockets read a second. */
  downlinkBytesPerClientPerSec: { median: number; max: number; min: number };
  /** Over the raw bots: WebSocket messages received a second (20 when every tick brings news). */
  messagesPerClientPerSec: { median: number };
  /**
   * SDK client to SDK client, a metre apart: a pose sent to when the other's buffer has it.
   * `lost`: moves in the window an observer had not seen 2 s later, or 300 ms after the window.
   */
  poseLatencyMs: { p50: number; p99: number; max: number; samples: number; lost: number };
  bots: { count: number; cpuPercent: number; posesSentPerSec: number; disconnected: number; joinMs: number };
  seconds: number;
  /** The machine's 1-minute load average when the run began: other work on the shared cores. */
  loadAverage1m: number;
  /** Times the server's state encoder outgrew its buffer (a full state for a joiner, past 16 KiB). */
  schemaBufferWarnings: number;
}

/**
 * End-to-end pose latency among the SDK clients: in turn, one moves to a position no recent
 * pose had, and each of the others records when that pose arrives in its buffer for the mover.
 */
class LatencyProbe {
  readonly samples: number[] = [];
  lost = 0;
  recording = false;
  private readonly pending = new Map<string, { at: number; waiting: number; recorded: boolean }>();
  private moves = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly clients: WorldConnection[]) {
    for (const observer of clients) {
      for (const mover of clients) {
        if (mover === observer) continue;
        const avatar = observer.avatars.get(mover.sessionId)!;
        this.hook(avatar, mover.sessionId);
      }
    }
  }

  start(): void {
    const step = () => {
      this.move();
      this.timer = setTimeout(step, 60 + Math.random() * 40);
    };
    step();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** Recorded moves some observer never saw: expired, or still outstanding now. */
  get unanswered(): number {
    let outstanding = 0;
    for (const entry of this.pending.values()) if (entry.recorded) outstanding += entry.waiting;
    return this.lost + outstanding;
  }

  private hook(avatar: RemoteAvatar, moverId: string): void {
    const buffer = avatar.poses;
    const push = buffer.push.bind(buffer);
    buffer.push = (pose: AvatarPose, t: number) => {
      push(pose, t);
      const key = LatencyProbe.key(moverId, pose);
      const entry = this.pending.get(key);
      if (!entry) return;
      if (entry.recorded) this.samples.push(t - entry.at);
      if (--entry.waiting === 0) this.pending.delete(key);
    };
  }

  private move(): void {
    const now = performance.now();
    for (const [key, entry] of this.pending) {
      if (now - entry.at < 2000) continue;
      if (entry.recorded) this.lost += entry.waiting;
      this.pending.delete(key);
    }
    const index = this.moves % this.clients.length;
    const round = Math.floor(this.moves / this.clients.length);
    this.moves++;
    const mover = this.clients[index]!;
    const home = GROUP[index]!;
    // 4 mm steps along x, 50 of them before a position comes back (12 s later).
    const pose = standing(home.x + (round % 50) * 0.004, home.z);
    this.pending.set(LatencyProbe.key(mover.sessionId, pose), { at: now, waiting: this.clients.length - 1, recorded: this.recording });
    mover.sendPose(pose, now);
  }

  private static key(id: string, pose: AvatarPose): string {
    return `${id}:${Math.round(pose.head.x * 1000)}:${Math.round(pose.head.z * 1000)}`;
  }
}

function standing(x: number, z: number): AvatarPose {
  return { head: { x, y: 1.6, z, qx: 0, qy: 0, qz: 0, qw: 1 } };
}

async function until(predicate: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function runOne(n: number, interest: boolean, options: { warmupS: number; measureS: number; cpuProf?: string }): Promise<Run> {
  const execArgv = options.cpuProf
    ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`, `--cpu-prof-name=rooms-server-n${n}-${interest ? 'interest' : 'all'}.cpuprofile`]
    : process.execArgv;
  const serverProcess = fork(path.join(ROOT, 'bench/lib/rooms-server.ts'), ['--interest', interest ? 'on' : 'off', '--capacity', String(CAPACITY)], {
    execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const serverOutput = relay(serverProcess);
  const server = new Child<ServerCommand, ServerReport>('server', serverProcess);
  const loadAverage1m = Number(loadavg()[0]!.toFixed(2));
  let bots: Child<BotsCommand, BotsReport> | undefined;
  const sdk: WorldConnection[] = [];
  let probe: LatencyProbe | undefined;
  try {
    const ready = await server.next('ready', 120_000);
    // The SDK clients first: the first one creates the instance everyone else joins.
    for (let i = 0; i < SDK_CLIENTS; i++) sdk.push(await WorldConnection.join('museum', { endpoint: ready.url, name: `Probe ${i}` }));
    const roomId = sdk[0]!.roomId;
    if (sdk.some((c) => c.roomId !== roomId)) throw new Error('the SDK clients landed in different instances');
    sdk.forEach((c, i) => c.sendPose(standing(GROUP[i]!.x, GROUP[i]!.z)));

    bots = new Child<BotsCommand, BotsReport>('bots', fork(path.join(ROOT, 'bench/lib/rooms-bots.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    bots.send({ type: 'join', url: ready.url, room: 'museum', count: n - SDK_CLIENTS, seed: n });
    const joined = await bots.next('joined', 120_000);
    if (joined.roomIds.length !== 1 || joined.roomIds[0] !== roomId) {
      throw new Error(`bots landed in ${joined.roomIds.join(', ')}, not in the SDK clients' instance ${roomId}`);
    }
    await until(() => sdk.every((c) => c.avatars.size === n - 1), `every SDK client to see ${n - 1} others`, 30_000);

    probe = new LatencyProbe(sdk);
    probe.start();
    await sleep(options.warmupS * 1000);

    probe.recording = true;
    server.send({ type: 'start' });
    bots.send({ type: 'start' });
    await sleep(options.measureS * 1000);
    probe.recording = false;
    server.send({ type: 'stop' });
    bots.send({ type: 'stop' });
    const serverSample: ServerSample = (await server.next('sample', 30_000)).sample;
    const botsSample: BotsSample = (await bots.next('sample', 30_000)).sample;
    // Let the last recorded moves arrive (or count as lost).
    await sleep(300);
    probe.stop();
    const latency = probe.samples;
    const downlink = botsSample.downlinkBytesPerSec;
    return {
      n,
      interest,
      cpuPercent: serverSample.cpuPercent,
      eventLoopP50Ms: serverSample.eventLoopP50Ms,
      eventLoopP99Ms: serverSample.eventLoopP99Ms,
      eventLoopMaxMs: serverSample.eventLoopMaxMs,
      rssMB: serverSample.rssMaxMB,
      idle: { eventLoopP50Ms: ready.idle.eventLoopP50Ms, eventLoopP99Ms: ready.idle.eventLoopP99Ms, rssMB: ready.idle.rssMaxMB },
      downlinkBytesPerClientPerSec: { median: percentile(downlink, 0.5), max: Math.max(...downlink), min: Math.min(...downlink) },
      messagesPerClientPerSec: { median: percentile(botsSample.messagesPerSec, 0.5) },
      poseLatencyMs: {
        p50: percentile(latency, 0.5),
        p99: percentile(latency, 0.99),
        max: Math.max(...latency),
        samples: latency.length,
        lost: probe.unanswered,
      },
      bots: {
        count: n - SDK_CLIENTS,
        cpuPercent: botsSample.cpuPercent,
        posesSentPerSec: botsSample.posesSentPerSec,
        disconnected: botsSample.disconnected.length,
        joinMs: joined.ms,
      },
      seconds: serverSample.seconds,
      loadAverage1m,
      schemaBufferWarnings: serverOutput.schemaBufferWarnings,
    };
  } finally {
    probe?.stop();
    await Promise.all(sdk.map((c) => c.leave()));
    await bots?.stop({ type: 'exit' });
    await server.stop({ type: 'exit' });
  }
}

/**
 * Passes the server's output through, except @colyseus/schema's advice to raise
 * `Encoder.BUFFER_SIZE`, printed for every joiner once the roster's full state is past
 * 16 KiB (about 300 avatars): those are counted instead (the encoder grows its buffer itself).
 */
function relay(child: ChildProcess): { schemaBufferWarnings: number } {
  const counts = { schemaBufferWarnings: 0 };
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (line.startsWith('@colyseus/schema buffer overflow')) counts.schemaBufferWarnings++;
      else if (line.trim() === '' || line.includes('import { Encoder } from "@colyseus/schema"') || /^\s+Encoder\.BUFFER_SIZE = /.test(line)) return;
      else process.stderr.write(`[server] ${line}\n`);
    });
  }
  return counts;
}

/** Bytes a bot's socket reads for one `poses` message of `records` head poses. */
function posesMessageBytes(records: number): number {
  const payload = 1 + 1 + 'poses'.length + POSES_HEADER_BYTES + records * (2 + HEAD_RECORD_BYTES);
  return payload + (payload < 126 ? 2 : 4);
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      warmup: { type: 'string' },
      measure: { type: 'string' },
      interest: { type: 'string', default: 'both' },
      'cpu-prof': { type: 'string' },
    },
  });
  const env = process.env;
  const sizes = (values.sizes ?? env.BENCH_ROOMS_SIZES)?.split(',').map(Number) ?? DEFAULTS.sizes;
  const warmupS = Number(values.warmup ?? env.BENCH_ROOMS_WARMUP_S ?? DEFAULTS.warmupS);
  const measureS = Number(values.measure ?? env.BENCH_ROOMS_MEASURE_S ?? DEFAULTS.measureS);
  if (sizes.some((s) => !Number.isInteger(s) || s <= SDK_CLIENTS || s > CAPACITY)) {
    throw new Error(`--sizes: whole numbers above ${SDK_CLIENTS} and at most ${CAPACITY}`);
  }
  if (!(warmupS >= 0) || !(measureS > 0)) throw new Error('--warmup and --measure: seconds, --measure above 0');
  const modes = { both: [true, false], on: [true], off: [false] }[values.interest as 'both' | 'on' | 'off'];
  if (!modes) throw new Error('--interest: on, off or both');
  const isDefault = sizes.join() === DEFAULTS.sizes.join() && warmupS === DEFAULTS.warmupS && measureS === DEFAULTS.measureS && modes.length === 2;
  return { sizes, warmupS, measureS, modes, cpuProf: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined, isDefault };
}

async function main() {
  const options = parseOptions();
  const machine = machineInfo();
  const perTick = DEFAULT_INTEREST.maxNear + DEFAULT_INTEREST.farPerTick;
  const boundBytesPerSec = posesMessageBytes(perTick) * (1000 / TICK_MS);
  console.log(
    `rooms: ${options.sizes.join(', ')} avatars (${SDK_CLIENTS} SDK clients + raw bots) at 20 Hz, ` +
      `${options.warmupS} s warm-up + ${options.measureS} s measured a run; ` +
      `server, bots and SDK clients share this machine's ${machine.cpus} cores`,
  );
  const runs: Run[] = [];
  for (const n of options.sizes) {
    for (const interest of options.modes) {
      const run = await runOne(n, interest, options);
      runs.push(run);
      console.log(
        `  n=${n} ${interest ? 'interest' : 'everyone'}: server ${run.cpuPercent.toFixed(0)}% cpu, loop p99 ${run.eventLoopP99Ms.toFixed(1)} ms, ` +
          `downlink ${(run.downlinkBytesPerClientPerSec.median / 1000).toFixed(1)} kB/s, pose p50 ${run.poseLatencyMs.p50.toFixed(1)} ms` +
          (run.bots.disconnected ? `, ${run.bots.disconnected} bots disconnected` : ''),
      );
    }
  }

  const reference = (run: Run) => runs.find((r) => r.n === run.n && !r.interest);
  const rows = runs.map((r) => {
    const all = reference(r);
    const ratio = r.interest && all ? r.downlinkBytesPerClientPerSec.median / all.downlinkBytesPerClientPerSec.median : undefined;
    return [
      String(r.n),
      r.interest ? 'on' : 'off',
      r.cpuPercent.toFixed(0),
      r.eventLoopP50Ms.toFixed(2),
      r.eventLoopP99Ms.toFixed(2),
      r.rssMB.toFixed(0),
      (r.downlinkBytesPerClientPerSec.median / 1000).toFixed(2),
      (r.downlinkBytesPerClientPerSec.max / 1000).toFixed(2),
      ratio === undefined ? '' : `${ratio.toFixed(2)}×`,
      r.poseLatencyMs.p50.toFixed(1),
      r.poseLatencyMs.p99.toFixed(1),
      r.bots.cpuPercent.toFixed(0),
    ];
  });
  const header = ['n', 'interest', 'server cpu %', 'loop p50 ms', 'loop p99 ms', 'rss MB', 'down kB/s med', 'down kB/s max', 'down on/off', 'pose p50 ms', 'pose p99 ms', 'bots cpu %'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(' | ');
  console.log(`\nOne museum instance, N avatars at 20 Hz (server, bots and SDK clients on the same ${machine.cpus} cores)\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join(' | '));
  for (const row of rows) console.log(line(row));
  console.log(
    `\nserver cpu: % of one core; loop: event-loop delay at ${EVENT_LOOP_RESOLUTION_MS} ms resolution (idle server: p50 ${median(runs.map((r) => r.idle.eventLoopP50Ms)).toFixed(2)} ms, p99 ${median(runs.map((r) => r.idle.eventLoopP99Ms)).toFixed(2)} ms; ` +
      `idle RSS ${median(runs.map((r) => r.idle.rssMB)).toFixed(0)} MB, chain and database included).` +
      `\ndownlink: bytes a raw bot's socket reads a second, median and max over the bots; on/off: median with interest over median without.` +
      `\ninterest bound: (maxNear ${DEFAULT_INTEREST.maxNear} + farPerTick ${DEFAULT_INTEREST.farPerTick}) × ${2 + HEAD_RECORD_BYTES} B + headers = ${posesMessageBytes(perTick)} B a tick, ` +
      `${(boundBytesPerSec / 1000).toFixed(2)} kB/s (+ roster patches and pings).` +
      `\npose: SDK client to SDK client a metre apart, sent to decoded; the 50 ms tick alone adds 0–50 ms (25 ms on average).`,
  );

  const warned = runs.filter((r) => r.schemaBufferWarnings > 0);
  if (warned.length) {
    console.log(
      `server: @colyseus/schema said "buffer overflow … increase BUFFER_SIZE" ${warned.map((r) => `${r.schemaBufferWarnings}× at n=${r.n} ${r.interest ? 'on' : 'off'}`).join(', ')} ` +
        '(a full state past 16 KiB for each joiner; the encoder grows its buffer and goes on).',
    );
  }
  const loads = runs.map((r) => r.loadAverage1m);
  console.log(`machine load average (1 min) at the start of the runs: ${Math.min(...loads)}–${Math.max(...loads)} on ${machine.cpus} cores.`);

  const out = options.isDefault ? RESULTS : path.join(tmpdir(), 'marque-bench-rooms.json');
  await mkdir(path.dirname(out), { recursive: true });
  const json = {
    date: new Date().toISOString(),
    machine,
    note: `server, bot and SDK-client processes share the machine's ${machine.cpus} cores`,
    config: {
      sizes: options.sizes,
      warmupSeconds: options.warmupS,
      measureSeconds: options.measureS,
      sdkClients: SDK_CLIENTS,
      poseHz: 1000 / TICK_MS,
      tickMs: TICK_MS,
      capacity: CAPACITY,
      floorMetres: 60,
      poseRecordBytes: HEAD_RECORD_BYTES,
      eventLoopResolutionMs: EVENT_LOOP_RESOLUTION_MS,
    },
    interestPolicy: DEFAULT_INTEREST,
    interestBound: { recordsPerTick: perTick, bytesPerTick: posesMessageBytes(perTick), bytesPerSec: boundBytesPerSec },
    runs,
  };
  await writeFile(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nwritten ${options.isDefault ? path.relative(ROOT, out) : out}`);
}

function median(values: number[]): number {
  return percentile(values, 0.5);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
