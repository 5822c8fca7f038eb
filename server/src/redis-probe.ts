import net from 'node:net';
import { MarqueError } from '../../protocol/src/errors';

/**
 * Checks that Redis answers at `url` before the server relies on it: ioredis would otherwise
 * retry in silence, and rooms and launches would hang without a word.
 *
 * @throws MarqueError `redis-unreachable` naming the address and what to do
 */
export async function probeRedis(url: string, timeoutMs = 3_000): Promise<void> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const where = `${host}:${port || 6379}`;
  const problem = await new Promise<string | undefined>((resolve) => {
    const socket = net.connect({ host, port: Number(port || 6379) });
    const done = (result: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    // Any reply (+PONG, or -NOAUTH from a server that wants a password) means Redis is there.
    socket.once('data', () => done(undefined));
    socket.once('error', (error) => done(error.message));
  });
  if (problem) {
    throw new MarqueError('presence', `cannot reach Redis at ${where} (REDIS_URL): ${problem}`, {
      reason: 'redis-unreachable',
      details: 'start Redis or correct REDIS_URL; unset it to run a single process with in-process presence',
    });
  }
}
