/**
 * The server under attack while people use it: 50 well-behaved visitors walk a museum instance
 * (raw WebSocket bots sending a pose 20 times a second, lib/rooms-bots.ts), first alone (calm),
 * then while anonymous clients try to wear the server down (attacked), in one run of one server:
 *
 *   idle sockets       2,000 TCP connections that never send a byte
 *   slow headers       200 clients that trickle a request's headers, a line every 500 ms
 *   50 MB bodies       20 posts of 50 MB: to /api/auth/verify and /api/invites/redeem with a
 *                      Content-Length, to /matchmake/joinOrCreate and /api/passport/records
 *                      chunked (no length)
 *   guest flood        2,000 POST /api/auth/guest, 20 at a time on kept-alive connections
 *   nonce flood        5,000 POST /api/auth/nonce, the same way
 *
 * The server runs the product's limits (README "Reliability and limits"): bench/lib/rooms-server.ts
 * with `--limits product`. Loopback answers on all of 127.0.0.0/8, so the visitors come from
 * 127.0.0.1 and each attack from an address of its own, as on the internet: the per-address
 * limits meet the attackers, not the visitors. Everything is bounded: counts as above, each
 * window at most ATTACK_WINDOW_S.
 *
 * Reported for each window: the server's RSS peak, its event-loop delay p99, and the visitors'
 * worst gap between two `poses` messages; for each attack: what was sent, what was refused and
 * with which status (or a closed socket). Aim: RSS within 200 MB of the calm run, worst pose gap
 * under 250 ms, every attack refused with a 4xx or a closed socket (past the limits that let a
 * person through: the first guests and nonces of an address are served).
 *
 *   npm run bench:soak [-- --only idle,slow,bodies,guests,nonces --cpu-prof <dir>]
 *
 * Prints a table and writes bench/results/soak.json (a run with `--only` writes to the system's
 * temporary folder instead). `--cpu-prof <dir>`: the server process writes a V8 CPU profile there.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { Child, machineInfo, sleep } from './lib/child-process';
import type { BotsCommand, BotsReport, BotsSample, ServerCommand, ServerReport, ServerSample } from './lib/rooms-protocol';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results', 'soak.json');
const VISITORS = 50;
const CALM_S = 12;
/** The attacked window lasts until every attack is answered, and at most this long. */
const ATTACK_WINDOW_S = 40;
const MB = 2 ** 20;

/** What one attack did and what the server answered. */
interface AttackResult {
  name: string;
  /** From which loopback address. */
  from: string;
  sent: number;
  /** Answered with a 4xx, or closed by the server. */
  refused: number;
  /** Answered 2xx: what the limits let through (the first guest sessions and nonces of an address). */
  served: number;
  /** The answers by status (`closed`: the server closed the socket without an answer). */
  status: string;
  answers: Record<string, number>;
  /** Bodies: how many bytes the attacker managed to hand to its socket before the server refused (the kernel buffers some). */
  bytesWrittenMax?: number;
}

interface Window {
  rssMB: number;
  loopP99Ms: number;
  loopMaxMs: number;
  worstPoseGapMs: number;
  poseGapP99Ms: number;
  cpuPercent: number;
  seconds: number;
  visitorsDisconnected: number;
}

/** Counts answers by status line, or `closed` when the server closed without one. */
class Tally {
  readonly answers: Record<string, number> = {};
  add(first: string | undefined): void {
    const status = first ? /^HTTP\/1\.1 (\d{3})/.exec(first)?.[1] ?? 'garbled' : 'closed';
    this.answers[status] = (this.answers[status] ?? 0) + 1;
  }
  result(name: string, from: string, sent: number, extra: Partial<AttackResult> = {}): AttackResult {
    const entries = Object.entries(this.answers).sort(([, a], [, b]) => b - a);
    const served = entries.filter(([s]) => s.startsWith('2')).reduce((sum, [, n]) => sum + n, 0);
    const refused = entries.filter(([s]) => s === 'closed' || s.startsWith('4')).reduce((sum, [, n]) => sum + n, 0);
    return { name, from, sent, refused, served, status: entries.map(([s, n]) => `${s} ×${n}`).join(', '), answers: this.answers, ...extra };
  }
}

/** A raw connection from `from`: resolves with the first line the server sent (undefined if none) once it closes. */
function rawClient(port: number, from: string, onConnect: (socket: net.Socket) => void): { socket: net.Socket; done: Promise<string | undefined> } {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress: from });
  let first: string | undefined;
  socket.on('data', (chunk) => (first ??= chunk.toString('latin1').split('\r\n')[0]));
  socket.on('error', () => {});
  socket.once('connect', () => onConnect(socket));
  return { socket, done: new Promise((resolve) => socket.once('close', () => resolve(first))) };
}

async function idleSockets(port: number, from: string, count: number, sockets: net.Socket[]): Promise<AttackResult> {
  const tally = new Tally();
  const clients = [];
  for (let i = 0; i < count; i++) {
    const client = rawClient(port, from, () => {});
    sockets.push(client.socket);
    clients.push(client.done.then((first) => tally.add(first)));
    // A few hundred at a time, as fast as the loop takes them.
    if (i % 200 === 199) await sleep(10);
  }
  await Promise.all(clients);
  return tally.result('2,000 idle sockets', from, count);
}

async function slowHeaders(port: number, from: string, count: number, sockets: net.Socket[]): Promise<AttackResult> {
  const tally = new Tally();
  const clients = Array.from({ length: count }, () => {
    const client = rawClient(port, from, (socket) => {
      socket.write('GET /api/world HTTP/1.1\r\nHost: marque\r\n');
      const trickle = setInterval(() => (socket.writable ? socket.write(`X-Slow-${Math.random().toString(36).slice(2, 6)}: yes\r\n`) : clearInterval(trickle)), 500);
      socket.once('close', () => clearInterval(trickle));
    });
    sockets.push(client.socket);
    return client.done.then((first) => tally.add(first));
  });
  await Promise.all(clients);
  return tally.result('200 slow-header clients', from, count);
}

async function bigBodies(port: number, from: string, count: number, sockets: net.Socket[]): Promise<AttackResult> {
  const tally = new Tally();
  const chunk = Buffer.alloc(MB, 0x61);
  let bytesWrittenMax = 0;
  const targets = [
    { path: '/api/auth/verify', chunked: false },
    { path: '/api/invites/redeem', chunked: false },
    { path: '/matchmake/joinOrCreate/museum', chunked: true },
    { path: '/api/passport/records', chunked: true },
  ];
  const clients = Array.from({ length: count }, (_, i) => {
    const target = targets[i % targets.length]!;
    let written = 0;
    const client = rawClient(port, from, (socket) => {
      socket.write(
        `POST ${target.path} HTTP/1.1\r\nHost: marque\r\nContent-Type: application/json\r\n` +
          (target.chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${50 * MB}\r\n\r\n`),
      );
      // 50 MB in 1 MB pieces, each once the socket took the last, until done or refused.
      const pump = () => {
        while (socket.writable && written < 50 * MB) {
          const piece = target.chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
          written += chunk.length;
          if (!socket.write(piece)) return void socket.once('drain', pump);
        }
        if (socket.writable && target.chunked) socket.write('0\r\n\r\n');
      };
      pump();
    });
    sockets.push(client.socket);
    return client.done.then((first) => {
      tally.add(first);
      bytesWrittenMax = Math.max(bytesWrittenMax, written);
    });
  });
  await Promise.all(clients);
  return tally.result('20 × 50 MB bodies', from, count, { bytesWrittenMax });
}

async function flood(port: number, from: string, name: string, route: string, count: number, concurrency: number): Promise<AttackResult> {
  const tally = new Tally();
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, localAddress: from });
  let next = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: route, method: 'POST', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          tally.add(`HTTP/1.1 ${res.statusCode}`);
          resolve();
        });
      });
      req.on('error', () => {
        tally.add(undefined);
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        await one();
      }
    }),
  );
  agent.destroy();
  return tally.result(name, from, count);
}

function windowOf(server: ServerSample, bots: BotsSample): Window {
  return {
    rssMB: Math.round(server.rssMaxMB),
    loopP99Ms: Number(server.eventLoopP99Ms.toFixed(2)),
    loopMaxMs: Math.round(server.eventLoopMaxMs),
    worstPoseGapMs: Math.round(bots.worstPoseGapMs),
    poseGapP99Ms: Math.round(bots.poseGapP99Ms),
    cpuPercent: Math.round(server.cpuPercent),
    seconds: Number(server.seconds.toFixed(1)),
    visitorsDisconnected: bots.disconnected.length,
  };
}

const ATTACKS = ['idle', 'slow', 'bodies', 'guests', 'nonces'] as const;

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' }, 'cpu-prof': { type: 'string' } } });
  const only = new Set(values.only ? values.only.split(',') : ATTACKS);
  if ([...only].some((name) => !(ATTACKS as readonly string[]).includes(name))) throw new Error(`--only: some of ${ATTACKS.join(', ')}`);
  const cpuProf = values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined;
  const out = only.size === ATTACKS.length ? RESULTS : path.join(tmpdir(), 'marque-bench-soak.json');
  const machine = machineInfo();
  const loadAtStart = loadavg()[0]!.toFixed(2);
  console.log(`soak: ${VISITORS} visitors walking a museum instance, ${CALM_S} s calm, then under attack (at most ${ATTACK_WINDOW_S} s); server, visitors and attackers share this machine's ${machine.cpus} cores`);
  const server = new Child<ServerCommand, ServerReport>(
    'server',
    fork(path.join(ROOT, 'bench/lib/rooms-server.ts'), ['--interest', 'on', '--capacity', '60', '--limits', 'product'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: cpuProf ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${cpuProf}`, '--cpu-prof-name=soak-server.cpuprofile'] : process.execArgv,
    }),
  );
  let bots: Child<BotsCommand, BotsReport> | undefined;
  const sockets: net.Socket[] = [];
  try {
    const ready = await server.next('ready', 180_000);
    const port = Number(new URL(ready.url).port);
    bots = new Child<BotsCommand, BotsReport>('visitors', fork(path.join(ROOT, 'bench/lib/rooms-bots.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    bots.send({ type: 'join', url: ready.url, room: 'museum', count: VISITORS, seed: 7 });
    const joined = await bots.next('joined', 120_000);
    if (joined.roomIds.length !== 1) throw new Error(`the visitors landed in ${joined.roomIds.length} instances, not one`);
    // Let the walk settle before measuring.
    await sleep(3_000);

    const measure = async (during: () => Promise<unknown>): Promise<Window> => {
      server.send({ type: 'start' });
      bots!.send({ type: 'start' });
      await during();
      server.send({ type: 'stop' });
      bots!.send({ type: 'stop' });
      const serverSample = (await server.next('sample', 30_000)).sample;
      const botsSample = (await bots!.next('sample', 30_000)).sample;
      return windowOf(serverSample, botsSample);
    };

    console.log('  calm …');
    const calm = await measure(() => sleep(CALM_S * 1000));
    console.log(`  calm: RSS ${calm.rssMB} MB, loop p99 ${calm.loopP99Ms} ms, worst pose gap ${calm.worstPoseGapMs} ms`);

    console.log('  attacked …');
    let attacks: AttackResult[] = [];
    const attacked = await measure(async () => {
      const started = Date.now();
      const all = Promise.all([
        only.has('idle') ? idleSockets(port, '127.0.0.2', 2_000, sockets) : undefined,
        only.has('slow') ? slowHeaders(port, '127.0.0.3', 200, sockets) : undefined,
        only.has('bodies') ? bigBodies(port, '127.0.0.4', 20, sockets) : undefined,
        only.has('guests') ? flood(port, '127.0.0.5', 'guest-session flood', '/api/auth/guest', 2_000, 20) : undefined,
        only.has('nonces') ? flood(port, '127.0.0.6', 'nonce flood', '/api/auth/nonce', 5_000, 20) : undefined,
      ]).then((results) => results.filter((r): r is AttackResult => r !== undefined));
      const deadline = sleep(ATTACK_WINDOW_S * 1000).then(() => undefined);
      const results = await Promise.race([all, deadline]);
      if (!results) throw new Error(`soak: the attacks were not all answered within ${ATTACK_WINDOW_S} s`);
      attacks = results;
      // At least as long as the calm window, so the two compare.
      const left = CALM_S * 1000 - (Date.now() - started);
      if (left > 0) await sleep(left);
    });

    const rssDelta = attacked.rssMB - calm.rssMB;
    const unanswered = attacks.reduce((sum, a) => sum + (a.sent - a.refused - a.served), 0);
    console.log(`\nServer under attack, ${VISITORS} visitors walking (server, visitors and attackers on the same ${machine.cpus} cores)\n`);
    const rows = [
      ['', 'RSS peak MB', 'loop p99 ms', 'loop max ms', 'worst pose gap ms', 'pose gap p99 ms', 'server cpu %', 'seconds'],
      ...([['calm', calm], ['attacked', attacked]] as const).map(([name, w]) => [
        name,
        String(w.rssMB),
        w.loopP99Ms.toFixed(2),
        String(w.loopMaxMs),
        String(w.worstPoseGapMs),
        String(w.poseGapP99Ms),
        String(w.cpuPercent),
        String(w.seconds),
      ]),
    ];
    printTable(rows);
    console.log('');
    printTable([
      ['attack', 'from', 'sent', 'refused', 'served', 'answers'],
      ...attacks.map((a) => [a.name, a.from, String(a.sent), String(a.refused), String(a.served), a.status]),
    ]);
    const aims = {
      rssWithin200MB: rssDelta <= 200,
      worstPoseGapUnder250Ms: attacked.worstPoseGapMs < 250,
      everyAttackRefusedOrServedWithinLimits: unanswered === 0,
      visitorsStayed: attacked.visitorsDisconnected === 0,
    };
    console.log(
      `\nRSS +${rssDelta} MB under attack (aim ≤ 200); worst pose gap ${attacked.worstPoseGapMs} ms (aim < 250); ` +
        `${unanswered} attack requests neither refused nor served within limits (aim 0); ${attacked.visitorsDisconnected} visitors disconnected.` +
        `\nrefused: a 4xx answer, or the socket closed by the server; served: 2xx, what the per-address limits let one address have.` +
        `\nloop: the server's event-loop delay at 1 ms resolution; pose gap: how long a visitor waited between two poses messages (sent every 50 ms), the longest and the 99th percentile over all visitors.` +
        `\nmachine load average (1 min) at the start: ${loadAtStart} on ${machine.cpus} cores (other work on the shared cores shows in the gaps).`,
    );
    await mkdir(path.dirname(out), { recursive: true });
    const json = {
      date: new Date().toISOString(),
      machine,
      note: `server, ${VISITORS} visitors (one process) and the attackers (this process) share the machine's ${machine.cpus} cores; visitors from 127.0.0.1, each attack from its own loopback address`,
      config: { visitors: VISITORS, calmSeconds: CALM_S, attackWindowMaxSeconds: ATTACK_WINDOW_S, limits: 'the product defaults (README "Reliability and limits")' },
      calm: { rssMB: calm.rssMB, loopP99Ms: calm.loopP99Ms, worstPoseGapMs: calm.worstPoseGapMs },
      attacked: { rssMB: attacked.rssMB, loopP99Ms: attacked.loopP99Ms, worstPoseGapMs: attacked.worstPoseGapMs },
      attacks: attacks.map(({ name, sent, refused, status, served, from, answers, bytesWrittenMax }) => ({ name, sent, refused, status, served, from, answers, ...(bytesWrittenMax ? { bytesWrittenMax } : {}) })),
      windows: { calm, attacked },
      aims,
    };
    await writeFile(out, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwritten ${out === RESULTS ? path.relative(ROOT, out) : out}`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await bots?.stop({ type: 'exit' });
    await server.stop({ type: 'exit' });
  }
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  rows.forEach((row, r) => {
    console.log(row.map((cell, i) => (i === 0 || i === row.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | '));
    if (r === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
