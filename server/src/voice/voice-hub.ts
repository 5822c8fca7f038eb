import { Worker } from 'node:worker_threads';
import { MarqueError } from '../../../protocol/src/errors';
import type { ForwarderCounts, ForwarderOptions, PeerState } from './forwarder';

/** Requests from the rooms' thread to the forwarder's. */
export type HubRequest =
  | { op: 'open'; id: number; peer: string }
  | { op: 'answer'; id: number; peer: string; sdp: string }
  | { op: 'route'; peer: string; slots: (string | null)[] }
  | { op: 'close'; peer: string }
  | { op: 'counts'; id: number }
  | { op: 'stop'; id: number };

/** The forwarder's counts, and the share of its thread's time spent busy since the last ask (0–1). */
export type HubCounts = ForwarderCounts & { busy: number };

/** Replies and events from the forwarder's thread. */
export type HubReply =
  | { type: 'offer'; id: number; sdp: string }
  | { type: 'done'; id: number }
  | { type: 'counts'; id: number; counts: HubCounts }
  | { type: 'error'; id: number; message: string }
  | { type: 'state'; peer: string; state: PeerState };

/** The process's voice: the forwarder's options, and how far a voice carries. */
export interface VoiceHubOptions extends ForwarderOptions {
  /** Metres beyond which a talker is not forwarded. */
  radius: number;
}

type Pending = { resolve: (reply: HubReply) => void; reject: (error: Error) => void };
type RequestWithoutId<T> = T extends { id: number } ? Omit<T, 'id'> : never;

/**
 * The process's voice: one forwarder on its own worker thread, shared by every room the process
 * hosts. Rooms name peers `<roomId>/<sessionId>`, so one room never routes another's voices.
 * Media never touches the rooms' event loop: the rooms post routes, the worker moves packets.
 */
export class VoiceHub {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly stateListeners = new Map<string, (state: PeerState) => void>();
  private nextId = 1;
  private failed?: Error;

  constructor(readonly options: VoiceHubOptions) {
    this.worker = new Worker(new URL('./forwarder-worker.ts', import.meta.url), { workerData: options, execArgv: ['--import', 'tsx'] });
    this.worker.unref();
    this.worker.on('message', (reply: HubReply) => this.onReply(reply));
    this.worker.on('error', (error) => this.fail(new MarqueError('voice', 'the forwarder thread failed; voice is unavailable until the server restarts', { cause: error })));
    this.worker.on('exit', (code) => this.fail(new MarqueError('voice', `the forwarder thread exited (code ${code}); voice is unavailable until the server restarts`)));
  }

  /** Opens `peer`'s connection; resolves with the offer. `onState` hears its connection's changes. */
  async open(peer: string, onState: (state: PeerState) => void): Promise<string> {
    this.stateListeners.set(peer, onState);
    const reply = await this.request({ op: 'open', peer });
    return (reply as Extract<HubReply, { type: 'offer' }>).sdp;
  }

  async answer(peer: string, sdp: string): Promise<void> {
    await this.request({ op: 'answer', peer, sdp });
  }

  /** Which speaker each of `peer`'s slots carries, from now on. */
  route(peer: string, slots: (string | null)[]): void {
    this.post({ op: 'route', peer, slots });
  }

  close(peer: string): void {
    this.stateListeners.delete(peer);
    this.post({ op: 'close', peer });
  }

  async counts(): Promise<HubCounts> {
    const reply = await this.request({ op: 'counts' });
    return (reply as Extract<HubReply, { type: 'counts' }>).counts;
  }

  /** Closes every connection and ends the thread. */
  async stop(): Promise<void> {
    if (!this.failed) await this.request({ op: 'stop' }).catch(() => {});
    this.failed ??= new MarqueError('voice', 'voice was stopped with the server');
    await this.worker.terminate();
  }

  private post(request: HubRequest) {
    if (!this.failed) this.worker.postMessage(request);
  }

  private request(request: RequestWithoutId<HubRequest>): Promise<HubReply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as HubRequest);
    });
  }

  private onReply(reply: HubReply) {
    if (reply.type === 'state') return this.stateListeners.get(reply.peer)?.(reply.state);
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.type === 'error') pending.reject(new MarqueError('voice', reply.message.replace(/^voice: /, '')));
    else pending.resolve(reply);
  }

  private fail(error: Error) {
    this.failed ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failed);
    this.pending.clear();
  }
}
