import net from 'node:net';

/**
 * Binds `host:port` once and lets it go, proving the port can be bound; port 0 asks the OS for
 * a free one. Returns the port. Rejects with the OS error (e.g. `EADDRINUSE`) otherwise.
 */
export async function claimPort(port = 0, host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  server.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, resolve);
  });
  const claimed = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return claimed;
}
