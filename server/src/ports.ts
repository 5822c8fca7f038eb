import net from 'node:net';
import { MarqueError } from '../../protocol/src/errors';

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

/**
 * {@link claimPort} for a port a person chose: one in use is refused saying which variable moves it.
 * @throws MarqueError `port-in-use` naming the port and `variable`
 */
export async function claimNamedPort(port: number, variable: string, host = '127.0.0.1', unit = 'ports'): Promise<number> {
  try {
    return await claimPort(port, host);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new MarqueError(
      unit,
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is in use by another program; stop it, or set ${variable} to a free port (0 picks one)`
        : `cannot listen on ${host}:${port} (${variable}): ${(cause as Error).message}`,
      { reason: 'port-in-use', cause },
    );
  }
}
