/**
 * The voice forwarder under load, on loopback: S speakers heard by L listeners in one instance
 * (every listener has every speaker in a slot, as when all stand within the radius).
 *
 *   this     the server's side: the process's VoiceHub (the forwarder on its worker thread) and
 *            a stand-in for the rooms' event loop (a 50 ms tick, measured with
 *            monitorEventLoopDelay), once with voice forwarding and once without (the reference).
 *   crowd    bench/voice-crowd.ts: the S + L werift participants (speakers send 50 packets a
 *            second, listeners count arrivals and their delay on the same clock).
 *
 * Figures: forwarded streams; packets forwarded a second; the forwarder's CPU (its thread's busy
 * share, % of one core); loss (packets expected at the listeners but not received); mouth-to-ear
 * latency of the forwarding path (send to receipt of each RTP packet: the network and forwarder
 * part of mouth-to-ear, without the browsers' capture, encode, jitter buffer and playout); the
 * rooms' loop p99 with voice on and off. Both processes share this machine's cores: at the larger
 * sizes the crowd's decryption competes with the forwarder, and its losses are partly its own.
 *
 *   npm run bench:voice [-- --speakers 2,4,8 --listeners 8,16,48 --measure 5]
 *
 * Prints a table and writes bench/results/voice.json (a run with other sizes: the system's
 * temporary folder). The overflow tier's stage voice is not built yet: `stage` is empty.
 */
import { fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { REPO_ROOT } from '../server/src/config';
import { VoiceHub } from '../server/src/voice/voice-hub';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const SPEAKERS = option('speakers', '2,4,8').split(',').map(Number);
const LISTENERS = option('listeners', '8,16,48').split(',').map(Number);
const MEASURE_S = Number(option('measure', '5'));
const defaults = option('speakers', '2,4,8') === '2,4,8' && option('listeners', '8,16,48') === '8,16,48' && MEASURE_S === 5;

interface Run {
  speakers: number;
  listeners: number;
  streams: number;
  packetsPerSec: number;
  forwarderCpuPercent: number;
  lossPercent: number;
  latencyMs: { p50: number; p95: number };
  roomLoopP99Ms: { voiceOn: number; voiceOff: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The rooms' loop p99 over `seconds`, with a 50 ms tick like the rooms' running. */
async function roomLoopP99(seconds: number): Promise<number> {
  const tick = setInterval(() => {}, 50);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await sleep(seconds * 1000);
  histogram.disable();
  clearInterval(tick);
  return histogram.percentile(99) / 1e6;
}

async function run(speakers: number, listeners: number): Promise<Run> {
  const voiceOff = await roomLoopP99(MEASURE_S);
  const hub = new VoiceHub({ maxSpeakers: speakers, radius: 12, iceAddress: '127.0.0.1' });
  const crowd = fork(path.join(REPO_ROOT, 'bench', 'voice-crowd.ts'), [], { execArgv: ['--import', 'tsx'] });
  const answers = new Map<string, (sdp: string) => void>();
  let report: ((r: { received: number; p50: number; p95: number }) => void) | undefined;
  crowd.on('message', (m: { op: string; id?: string; sdp?: string; received?: number; p50?: number; p95?: number }) => {
    if (m.op === 'answer') answers.get(m.id!)?.(m.sdp!);
    if (m.op === 'report') report?.(m as { received: number; p50: number; p95: number });
  });
  const speakerIds = Array.from({ length: speakers }, (_, i) => `s${i}`);
  const listenerIds = Array.from({ length: listeners }, (_, i) => `l${i}`);
  const connected = new Set<string>();
  const connect = async (id: string) => {
    const offer = await hub.open(id, (state) => state === 'connected' && connected.add(id));
    const sdp = await new Promise<string>((resolve) => {
      answers.set(id, resolve);
      crowd.send({ op: 'answer', id, offer });
    });
    await hub.answer(id, sdp);
  };
  // A few at a time: werift's handshakes are CPU work on both sides. One not up after 20 s (a
  // loaded machine drops handshake packets) is opened again, as the page's retries would.
  const ids = [...speakerIds, ...listenerIds];
  for (let i = 0; i < ids.length; i += 8) await Promise.all(ids.slice(i, i + 8).map(connect));
  for (let attempt = 0; connected.size < ids.length; attempt++) {
    const waitUntil = Date.now() + 20_000;
    while (connected.size < ids.length && Date.now() < waitUntil) await sleep(100);
    if (connected.size === ids.length) break;
    if (attempt === 3) throw new Error(`bench:voice: ${connected.size} of ${ids.length} connected after four attempts`);
    await Promise.all(ids.filter((id) => !connected.has(id)).map(connect));
  }
  for (const id of listenerIds) hub.route(id, speakerIds);
  crowd.send({ op: 'speak', ids: speakerIds });
  await sleep(2_000);
  const before = await hub.counts();
  crowd.send({ op: 'measure' });
  const voiceOn = await roomLoopP99(MEASURE_S);
  const reported = new Promise<{ received: number; p50: number; p95: number }>((resolve) => (report = resolve));
  crowd.send({ op: 'report' });
  const after = await hub.counts();
  const heard = await reported;
  const forwarded = after.packetsOut - before.packetsOut;
  const sent = (after.packetsIn - before.packetsIn) * listeners;
  crowd.send({ op: 'close' });
  await new Promise((resolve) => crowd.once('exit', resolve));
  await hub.stop();
  return {
    speakers,
    listeners,
    streams: after.streams,
    packetsPerSec: Math.round(forwarded / MEASURE_S),
    forwarderCpuPercent: Math.round(after.busy * 1000) / 10,
    lossPercent: sent > 0 ? Math.max(0, Math.round(((sent - heard.received) / sent) * 1000) / 10) : 0,
    latencyMs: { p50: Math.round(heard.p50 * 10) / 10, p95: Math.round(heard.p95 * 10) / 10 },
    roomLoopP99Ms: { voiceOn: Math.round(voiceOn * 10) / 10, voiceOff: Math.round(voiceOff * 10) / 10 },
  };
}

const file = defaults ? path.join(REPO_ROOT, 'bench', 'results', 'voice.json') : path.join(tmpdir(), 'voice.json');
const runs: Run[] = [];
for (const speakers of SPEAKERS) {
  for (const listeners of LISTENERS) {
    const result = await run(speakers, listeners);
    runs.push(result);
    console.log(JSON.stringify(result));
    // Kept after each run, so a long run interrupted keeps what it measured.
    await writeFile(file, `${JSON.stringify({ runs, stage: [] }, null, 2)}\n`);
  }
}
console.log('\n| speakers | listeners | streams | packets/s | forwarder cpu % | loss % | latency p50 / p95 ms | rooms loop p99 ms on / off |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
for (const r of runs) {
  console.log(`| ${r.speakers} | ${r.listeners} | ${r.streams} | ${r.packetsPerSec} | ${r.forwarderCpuPercent} | ${r.lossPercent} | ${r.latencyMs.p50} / ${r.latencyMs.p95} | ${r.roomLoopP99Ms.voiceOn} / ${r.roomLoopP99Ms.voiceOff} |`);
}
console.log(`\nwritten to ${file}`);
