import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { claimPort } from './ports';
import { probeRedis } from './redis-probe';

describe('probeRedis', () => {
  it('says plainly that nothing answers at REDIS_URL, and what to do', async () => {
    const port = await claimPort();
    await expect(probeRedis(`redis://127.0.0.1:${port}`)).rejects.toThrow(
      new RegExp(`^presence: cannot reach Redis at 127\\.0\\.0\\.1:${port} \\(REDIS_URL\\): .*ECONNREFUSED`),
    );
  });

  it('gives up on a server that never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      await expect(probeRedis(`redis://127.0.0.1:${port}`, 200)).rejects.toThrow(/no answer within 0\.2 s/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it.skipIf(!process.env.REDIS_URL)('passes a Redis that answers', async () => {
    await expect(probeRedis(process.env.REDIS_URL!)).resolves.toBeUndefined();
  });
});
