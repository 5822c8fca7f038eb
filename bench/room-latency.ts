/**
 * How long a pose takes from one visitor to everyone else in a museum room, as
 * the room fills. Boots the real server (local chain, deployed contracts, PGlite
 * in memory) and connects real SDK clients over loopback WebSockets.
 *
 * Reference, measured in the same run: a bare `ws` broadcast server on the same
 * loopback, relaying the same message to the same number of sockets. The ratio
 * says what the room (validation, state, patches at 20 Hz) costs over the wire alone.
 *
 *   npm exec -- tsx bench/room-latency.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { WebSocket, WebSocketServer } from 'ws';
import { startAnvil } from '../server/src/chain/anvil';
import { readEnv, REPO_ROOT } from '../server/src/config';
import { ensureLocalDeployment } from '../server/src/dev/deployment';
import { startServer } from '../server/src/server';

const ROOM_SIZES = [2, 10, 25, 50];
const SAMPLES = 40;

interface Row {
  visitors: number;
  roomMedianMs: number;
  roomP95Ms: number;
  wsMedianMs: number;
  wsP95Ms: number;
  ratio: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

async function measureRoom(serverUrl: string, visitors: number): Promise<number[]> {
  const rooms: Room[] = [];
  for (let i = 0; i < visitors; i++) rooms.push(await new Client(serverUrl).joinOrCreate('museum', { name: `Bench ${i}` }));
  const [mover, ...others] = rooms as [Room, ...Room[]];
  await new Promise((r) => setTimeout(r, 500));
  const latencies: number[] = [];
  for (let sample = 1; sample <= SAMPLES; sample++) {
    const x = sample / 10;
    const sent = performance.now();
    const arrived = others.map(
      (room) =>
        new Promise<number>((resolve) => {
          const check = () => {
            const avatar = (room.state as { avatars: Map<string, { x: number }> }).avatars.get(mover.sessionId);
            if (avatar && Math.abs(avatar.x - x) < 1e-3) resolve(performance.now() - sent);
            else setTimeout(check, 0);
          };
          check();
        }),
    );
    mover.send('pose', { x, y: 1.6, z: 0, yaw: 0, pitch: 0 });
    // The slowest receiver decides when everyone has seen the move.
    latencies.push(Math.max(...(await Promise.all(arrived))));
    await new Promise((r) => setTimeout(r, 30 + Math.random() * 30));
  }
  await Promise.all(rooms.map((room) => room.leave()));
  return latencies;
}

async function measureBareWebSocket(visitors: number): Promise<number[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  server.on('connection', (socket) =>
    socket.on('message', (data) => {
      for (const client of server.clients) client.send(data);
    }),
  );
  const sockets = await Promise.all(
    Array.from({ length: visitors }, () => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}`);
      return new Promise<WebSocket>((resolve) => socket.once('open', () => resolve(socket)));
    }),
  );
  const [mover, ...others] = sockets as [WebSocket, ...WebSocket[]];
  const latencies: number[] = [];
  for (let sample = 1; sample <= SAMPLES; sample++) {
    const sent = performance.now();
    const tag = String(sample);
    const arrived = others.map(
      (socket) =>
        new Promise<number>((resolve) => {
          const onMessage = (data: Buffer) => {
            if (JSON.parse(String(data)).tag !== tag) return;
            socket.off('message', onMessage);
            resolve(performance.now() - sent);
          };
          socket.on('message', onMessage);
        }),
    );
    mover.send(JSON.stringify({ tag, x: sample / 10, y: 1.6, z: 0, yaw: 0, pitch: 0 }));
    latencies.push(Math.max(...(await Promise.all(arrived))));
    await new Promise((r) => setTimeout(r, 30 + Math.random() * 30));
  }
  sockets.forEach((s) => s.close());
  await new Promise((r) => server.close(r));
  return latencies;
}

async function main() {
  const chain = await startAnvil();
  const deployment = await ensureLocalDeployment({
    rpcUrl: chain.rpcUrl,
    recordFile: path.join(tmpdir(), `marque-bench-${process.pid}.json`),
    baseURI: 'http://localhost/api/twins/',
  });
  const server = await startServer({
    env: readEnv({ PORT: '0' }),
    rpcUrl: chain.rpcUrl,
    twinAddress: deployment.twin.address,
  });
  const rows: Row[] = [];
  try {
    for (const visitors of ROOM_SIZES) {
      const room = await measureRoom(server.url, visitors);
      const ws = await measureBareWebSocket(visitors);
      const row: Row = {
        visitors,
        roomMedianMs: percentile(room, 0.5),
        roomP95Ms: percentile(room, 0.95),
        wsMedianMs: percentile(ws, 0.5),
        wsP95Ms: percentile(ws, 0.95),
        ratio: percentile(room, 0.5) / percentile(ws, 0.5),
      };
      rows.push(row);
    }
  } finally {
    await server.stop();
    await chain.stop();
  }

  const fmt = (n: number) => n.toFixed(1).padStart(7);
  console.log(`\nPose to every other visitor in one museum room (${SAMPLES} samples each, slowest receiver)\n`);
  console.log('visitors | room median ms | room p95 ms | bare ws median ms | bare ws p95 ms | room / ws');
  console.log('-------- | -------------- | ----------- | ----------------- | -------------- | ---------');
  for (const r of rows) {
    console.log(
      `${String(r.visitors).padStart(8)} | ${fmt(r.roomMedianMs).padStart(14)} | ${fmt(r.roomP95Ms).padStart(11)} | ${fmt(r.wsMedianMs).padStart(17)} | ${fmt(r.wsP95Ms).padStart(14)} | ${r.ratio.toFixed(1).padStart(9)}`,
    );
  }
  const out = path.join(REPO_ROOT, 'bench', 'results', 'room-latency.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), samples: SAMPLES, patchRateMs: 50, rows }, null, 2)}\n`);
  console.log(`\nwritten ${path.relative(REPO_ROOT, out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
