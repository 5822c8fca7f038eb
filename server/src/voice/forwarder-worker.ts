import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { MarqueError } from '../../../protocol/src/errors';
import { SelectiveForwarder, type ForwarderOptions } from './forwarder';
import type { HubReply, HubRequest } from './voice-hub';

/** The forwarder's thread: every media packet is handled here, never on the rooms' event loop. */
if (!parentPort) throw new MarqueError('voice', 'forwarder-worker.ts runs as a worker thread (VoiceHub starts it)');
const port = parentPort;

const forwarder = new SelectiveForwarder(workerData as ForwarderOptions, (peer, state) => port.postMessage({ type: 'state', peer, state } satisfies HubReply));
let lastUtilisation = performance.eventLoopUtilization();

port.on('message', (request: HubRequest) => {
  void handle(request).then(
    (reply) => reply && port.postMessage(reply),
    (error: unknown) =>
      'id' in request && port.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies HubReply),
  );
});

async function handle(request: HubRequest): Promise<HubReply | undefined> {
  switch (request.op) {
    case 'open':
      return { type: 'offer', id: request.id, sdp: await forwarder.open(request.peer) };
    case 'answer':
      await forwarder.answer(request.peer, request.sdp);
      return { type: 'done', id: request.id };
    case 'route':
      forwarder.route(request.peer, request.slots);
      return undefined;
    case 'close':
      forwarder.close(request.peer);
      return undefined;
    case 'counts': {
      const now = performance.eventLoopUtilization();
      const busy = performance.eventLoopUtilization(now, lastUtilisation).utilization;
      lastUtilisation = now;
      return { type: 'counts', id: request.id, counts: { ...forwarder.counts(), busy } };
    }
    case 'stop':
      forwarder.closeAll();
      return { type: 'done', id: request.id };
  }
}
