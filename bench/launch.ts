/**
 * How one live launch copes with its audience: N attendees, a fifth of them embodied (avatars
 * in the event's `launch` instances of 50, at most 1,000 — the event's embodied limit) and the
 * rest in the overflow tier (a server-sent event stream each, no avatar), as a launch watched
 * mostly on phones would split. The host then runs five cues; each must reach every attendee.
 *
 * Three processes, all on this machine's loopback:
 *   server  bench/lib/launch-server.ts: startTestWorld (local chain, contracts, PGlite, the real
 *           app config) and one public event created through the API by the brand-team
 *           account; it measures itself over the show (CPU in % of one core, event-loop delay,
 *           RSS sampled every 250 ms).
 *   bots    bench/lib/launch-bots.ts, twice: one process for the embodied attendees and one for
 *           the overflow tier, so neither's receipts wait behind the other's traffic. Embodied
 *           bots take a guest session each, join through the matchmaker as @colyseus/sdk does
 *           and walk the floor sending a head pose 20 times a second; overflow bots open the
 *           event's stream on a bare socket. Join time: guest session + seat + WebSocket join
 *           for the embodied, first show state on the stream for the overflow tier.
 *   this    forks them, fresh for every N; then, as the host, fires the cues. Fan-out latency is
 *           from a cue's request leaving this process to each attendee's receipt of the new
 *           show state, both on the machine's clock (epoch ms to the microsecond).
 *
 * Both tiers receive everything a real client would (the embodied their neighbours' poses too)
 * and decode none of it; bytes per attendee are what their sockets read over the show, divided
 * by the attendees. The server and the bots share the machine's cores: at 10,000 the bots' own
 * CPU is reported beside the server's.
 *
 * The aim it is read against: 10,000 attendees on a 2-core machine with the cue fan-out p99 under
 * 250 ms (BMW's browser launch held 5,000; a Hubs room holds 24).
 *
 *   npm run bench:launch [-- --sizes 500,2000 --gap-ms 2000 --cpu-prof <dir>]
 *
 * Prints a table and writes bench/results/launch.json; a run with other sizes than the defaults
 * (a smoke run) writes its JSON to the system's temporary folder instead. `--cpu-prof <dir>` has the
 * server process write a V8 CPU profile of each run into <dir>.
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Child, machineInfo, percentile, sleep } from './lib/child-process';
import type { LaunchBotsCommand, LaunchBotsReport, LaunchServerReport } from './lib/launch-protocol';
import type { ServerCommand } from './lib/rooms-protocol';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results', 'launch.json');
const DEFAULT_SIZES = [500, 2_000, 5_000, 10_000];
const CUES = ['doors', 'countdown', 'keynote', 'reveal', 'qa'];
const EMBODIED_SHARE = 0.2;
const EMBODIED_LIMIT = 1_000;

interface Run {
  attendees: number;
  embodied: number;
  overflow: number;
  instances: number;
  cueLatencyMs: {
    p50: number;
    p99: number;
    max: number;
    samples: number;
    missed: number;
    /** The same, per tier. */
    embodied: { p50: number; p99: number };
    overflow: { p50: number; p99: number };
  };
  joinP95Ms: number;
  joinFailures: number;
  /** Server process over the show: CPU time over wall time, % of one core. */
  cpuPercent: number;
  eventLoopP99Ms: number;
  rssMB: number;
  /** Bytes the attendees' sockets read over the show, per attendee, and per second of show. */
  bytesPerAttendee: number;
  bytesPerSecond: { embodied: number; overflow: number };
  botsCpuPercent: number;
  showSeconds: number;
  loadAverage1m: number;
}

async function runOne(attendees: number, gapMs: number, cpuProf?: string): Promise<Run> {
  const embodied = Math.min(EMBODIED_LIMIT, Math.round(attendees * EMBODIED_SHARE));
  const overflow = attendees - embodied;
  const execArgv = cpuProf ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${cpuProf}`, `--cpu-prof-name=launch-server-${attendees}.cpuprofile`] : process.execArgv;
  const server = new Child<ServerCommand, LaunchServerReport>(
    'server',
    fork(path.join(ROOT, 'bench/lib/launch-server.ts'), ['--embodied', String(embodied)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const loadAverage1m = Number(loadavg()[0]!.toFixed(2));
  const bots: Child<LaunchBotsCommand, LaunchBotsReport>[] = [];
  try {
    const ready = await server.next('ready', 120_000);
    // One process per tier, so neither tier's receipts queue behind the other's traffic.
    for (const name of ['embodied bots', 'overflow bots']) {
      bots.push(new Child(name, fork(path.join(ROOT, 'bench/lib/launch-bots.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })));
    }
    const [inRoom, watching] = bots as [Child<LaunchBotsCommand, LaunchBotsReport>, Child<LaunchBotsCommand, LaunchBotsReport>];
    inRoom.send({ type: 'join', url: ready.url, eventId: ready.eventId, embodied, overflow: 0 });
    const joinedInRoom = await inRoom.next('joined', 900_000);
    watching.send({ type: 'join', url: ready.url, eventId: ready.eventId, embodied: 0, overflow });
    const joinedWatching = await watching.next('joined', 900_000);
    const failed = [...joinedInRoom.failed, ...joinedWatching.failed];
    if (failed.length > 0) console.warn(`  ${failed.length} joins failed, e.g. ${failed[0]}`);
    const instances = Math.ceil(embodied / 50);
    // Let the last joins' state and the pose traffic settle before the show.
    await sleep(3_000);

    for (const child of bots) child.send({ type: 'mark' });
    await Promise.all(bots.map((child) => child.next('marked', 30_000)));
    server.send({ type: 'start' });
    // The host: each cue fired from here, its time on the machine's clock (epoch ms).
    const firedAt: number[] = [];
    for (const [seq, cue] of CUES.entries()) {
      firedAt.push(performance.timeOrigin + performance.now());
      const response = await fetch(`${ready.url}/api/events/${ready.eventId}/cue`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ready.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cue, seq }),
      });
      if (!response.ok) throw new Error(`cue ${cue}: ${response.status} ${await response.text()}`);
      await sleep(gapMs);
    }
    server.send({ type: 'stop' });
    for (const child of bots) child.send({ type: 'collect', cues: CUES.length });
    const [inRoomShow, watchingShow] = await Promise.all(bots.map((child) => child.next('collected', 60_000)));
    const { sample } = await server.next('sample', 30_000);
    const latencies = (receipts: (number | null)[][]) => {
      const values: number[] = [];
      let missed = 0;
      for (const attendee of receipts) attendee.forEach((at, c) => (at === null ? missed++ : values.push(at - firedAt[c]!)));
      return { values, missed };
    };
    const inRoomLatency = latencies(inRoomShow!.receipts);
    const watchingLatency = latencies(watchingShow!.receipts);
    const all = [...inRoomLatency.values, ...watchingLatency.values];
    const tier = (values: number[]) => ({ p50: percentile(values, 0.5), p99: percentile(values, 0.99) });
    const present = attendees - failed.length;
    const seconds = inRoomShow!.seconds;
    return {
      attendees,
      embodied,
      overflow,
      instances,
      cueLatencyMs: {
        p50: percentile(all, 0.5),
        p99: percentile(all, 0.99),
        max: Math.max(...all),
        samples: all.length,
        missed: inRoomLatency.missed + watchingLatency.missed,
        embodied: tier(inRoomLatency.values),
        overflow: tier(watchingLatency.values),
      },
      joinP95Ms: percentile([...joinedInRoom.joinMs, ...joinedWatching.joinMs], 0.95),
      joinFailures: failed.length,
      cpuPercent: sample.cpuPercent,
      eventLoopP99Ms: sample.eventLoopP99Ms,
      rssMB: sample.rssMaxMB,
      bytesPerAttendee: (inRoomShow!.bytes.embodied + watchingShow!.bytes.overflow) / present,
      bytesPerSecond: { embodied: inRoomShow!.bytes.embodied / embodied / seconds, overflow: overflow ? watchingShow!.bytes.overflow / overflow / seconds : 0 },
      botsCpuPercent: inRoomShow!.cpuPercent + watchingShow!.cpuPercent,
      showSeconds: seconds,
      loadAverage1m,
    };
  } finally {
    await Promise.all(bots.map((child) => child.stop({ type: 'exit' })));
    await server.stop({ type: 'exit' });
  }
}

async function main() {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, 'gap-ms': { type: 'string' }, 'cpu-prof': { type: 'string' } } });
  const sizes = values.sizes ? values.sizes.split(',').map(Number) : DEFAULT_SIZES;
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`bench:launch: --sizes must be whole numbers, e.g. 500,2000 (got ${values.sizes})`);
  const gapMs = Number(values['gap-ms'] ?? 2_000);
  const isDefault = !values.sizes;
  const machine = machineInfo();
  console.log(`launch: ${sizes.join(', ')} attendees (${EMBODIED_SHARE * 100}% embodied, at most ${EMBODIED_LIMIT}), ${CUES.length} cues ${gapMs} ms apart; server and bots share ${machine.cpus} cores`);
  const runs: Run[] = [];
  for (const n of sizes) {
    const run = await runOne(n, gapMs, values['cpu-prof']);
    runs.push(run);
    console.log(`  ${n}: cue p99 ${run.cueLatencyMs.p99.toFixed(1)} ms (embodied ${run.cueLatencyMs.embodied.p99.toFixed(1)}, overflow ${run.cueLatencyMs.overflow.p99.toFixed(1)}), join p95 ${run.joinP95Ms.toFixed(0)} ms, server ${run.cpuPercent.toFixed(0)}% cpu, ${run.rssMB.toFixed(0)} MB`);
  }

  const header = ['attendees', 'embodied', 'overflow', 'cue p50 ms', 'cue p99 ms', 'cue max ms', 'missed', 'join p95 ms', 'server cpu %', 'loop p99 ms', 'rss MB', 'B/attendee', 'bots cpu %'];
  const rows = runs.map((r) => [
    r.attendees.toLocaleString('en-US'),
    String(r.embodied),
    String(r.overflow),
    r.cueLatencyMs.p50.toFixed(1),
    r.cueLatencyMs.p99.toFixed(1),
    r.cueLatencyMs.max.toFixed(1),
    String(r.cueLatencyMs.missed),
    r.joinP95Ms.toFixed(0),
    r.cpuPercent.toFixed(0),
    r.eventLoopP99Ms.toFixed(1),
    r.rssMB.toFixed(0),
    r.bytesPerAttendee.toFixed(0),
    r.botsCpuPercent.toFixed(0),
  ]);
  console.log(`\nOne launch, ${CUES.length} cues over ${((CUES.length * gapMs) / 1000).toFixed(0)} s (server and bots on the same ${machine.cpus} cores)\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  const largest = runs.at(-1)!;
  console.log(
    `\naim: ${largest.attendees.toLocaleString('en-US')} attendees with cue fan-out p99 under 250 ms — ` +
      `${largest.cueLatencyMs.p99 < 250 && largest.cueLatencyMs.missed === 0 ? 'met' : 'not met'} (p99 ${largest.cueLatencyMs.p99.toFixed(1)} ms, ${largest.cueLatencyMs.missed} missed).`,
  );
  console.log(
    `bytes per attendee a second over the show: embodied ${largest.bytesPerSecond.embodied.toFixed(0)} B/s (their neighbours' poses included), overflow ${largest.bytesPerSecond.overflow.toFixed(0)} B/s.`,
  );

  const out = isDefault ? RESULTS : path.join(tmpdir(), 'marque-bench-launch.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify({ machine, date: new Date().toISOString(), cues: CUES, gapMs, runs }, null, 2)}\n`);
  console.log(`\nwritten ${isDefault ? path.relative(ROOT, out) : out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
