import type { AddressInfo } from 'node:net';
import { createApp } from './app.config';
import { MarqueError } from '../../protocol/src/errors';
import { createServices, type ServicesOptions } from './services';

/** A listening Marque server. */
export interface RunningServer {
  /** `http://host:port` of the HTTP API and WebSocket endpoint. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Opens the services, then serves rooms and the HTTP API on `env.HOST:env.PORT` (port 0: any free port). */
export async function startServer(options: ServicesOptions): Promise<RunningServer> {
  const services = await createServices(options);
  const app = createApp(services);
  try {
    await app.listen(options.env.PORT, options.env.HOST);
  } catch (error) {
    await services.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new MarqueError('server', `port ${options.env.PORT} on ${options.env.HOST} is in use by another program`, {
        reason: 'port-in-use',
        details: 'stop it, or set PORT to a free port (0 picks one)',
        cause: error,
      });
    }
    throw error;
  }
  const { port } = app.transport.server!.address() as AddressInfo;
  let stopped = false;
  return {
    url: `http://${options.env.HOST}:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      services.overflow.closeAll();
      await app.gracefullyShutdown(false);
      await services.close();
    },
  };
}
