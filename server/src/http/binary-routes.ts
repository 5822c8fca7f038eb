import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OverflowStreams } from '../launch/overflow-stream';
import { errorResponse } from './http-util';
import type { HttpServices } from './http-services';
import { twinModelResponse } from './twin-routes';

/** The part of Colyseus' express app (its `express` server option) these routes use. */
export interface ExpressLikeApp {
  get(path: string, handler: (req: ExpressRequest, res: ServerResponse) => void): unknown;
  use(handler: (req: IncomingMessage, res: ServerResponse) => void): unknown;
  disable(setting: string): unknown;
}

type ExpressRequest = IncomingMessage & { params: Record<string, string>; query: Record<string, unknown> };

/**
 * Routes with large binary bodies or endless ones, mounted on Colyseus' express app rather than
 * its router (GETs only: the HTTP guard in ./http-guard.ts bounds their requests, limits their
 * rate per address and caps their connections like every other route's): the router's Node adapter (@colyseus/better-call 1.3) never ends a response whose
 * body did not fit the socket's buffer in one write, which leaves a glb's connection hanging, and
 * it cannot stream. Express serves whatever the router does not match; the glb answers the
 * router's web `Response`, the overflow tier's stream is written as it goes.
 */
export function mountBinaryRoutes(app: ExpressLikeApp, services: HttpServices, overflow: OverflowStreams): void {
  app.disable('x-powered-by');
  app.get('/api/twins/:id/model.glb', (req, res) => {
    const ifNoneMatch = req.headers['if-none-match'];
    void twinModelResponse(services, { id: req.params.id, target: req.query.target, ifNoneMatch: typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined })
      .then((response) => send(res, response))
      .catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else void send(res, errorResponse(error));
      });
  });
  // The overflow tier's server-sent events: a response that never ends.
  app.get('/api/events/:id/stream', (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    overflow.open(req.params.id, token, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      void send(res, errorResponse(error));
    });
  });
  // What neither the router nor these routes know: a 404 in the API's error shape.
  app.use((req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `server: there is no ${req.method} ${req.url?.split('?')[0]}`, reason: 'not-found' }));
  });
}

/** Writes a web `Response` to a Node response in one `end`. */
async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  response.headers.forEach((value, key) => res.setHeader(key, value));
  res.writeHead(response.status);
  res.end(body);
}
