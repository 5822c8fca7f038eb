import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { SessionTokens } from '../auth/session-token';
import { clientNetwork, DEVICE_HEADER, deviceIdOf } from '../rooms/client-address';
import { personOf, type ClientOrigin } from './attendance-ledger';
import type { LaunchService } from './launch-service';

/** How often each event's viewers get the figures (counts and reaction totals), ms. */
const FIGURES_MS = 2_000;
/** Streams written to in one turn of the event loop; the rest wait for the next, so rooms' ticks are not held up. */
const WRITES_PER_TURN = 1_000;

interface EventViewers {
  viewers: Set<Socket>;
  reactions: Record<string, number>;
  stop: () => void;
  timer: NodeJS.Timeout;
}

/**
 * The overflow tier: attendees beyond the event's embodied limit (or who only want to watch)
 * follow the show without an avatar, over one server-sent event stream each. Per process, one
 * subscription to the event's bus feeds all its viewers; a cue is serialised once and written to
 * every stream, so a viewer costs a socket and a few hundred bytes a cue.
 */
export class OverflowStreams {
  private readonly events = new Map<string, EventViewers>();

  constructor(
    private readonly launch: LaunchService,
    private readonly tokens: SessionTokens,
  ) {}

  /**
   * Opens a viewer's stream: `show` and `questions` at once and at every change, `figures` (people,
   * each once) every two seconds. Refusals (no event, banned — a guest or anonymous viewer also by
   * network and device —, the rule not met, a session's or a network's streams all open) are thrown
   * as MarqueErrors before any header is written. The page's device id comes in the `device` query
   * (an EventSource sends no headers) or `X-Marque-Device`.
   */
  async open(eventId: string, token: string | undefined, res: ServerResponse): Promise<void> {
    const event = await this.launch.store.require(eventId);
    const session = token ? await this.tokens.verify(token) : undefined;
    const subject = session?.subject ?? `viewer:${randomUUID()}`;
    const request = res.req;
    const device = new URL(request?.url ?? '/', 'http://stream').searchParams.get('device') ?? request?.headers[DEVICE_HEADER];
    const origin: ClientOrigin = { network: clientNetwork(request?.headers), device: deviceIdOf(device) };
    await this.launch.audience.admit(event, subject, { address: session?.address, inviteScopes: session?.scopes ?? [] }, origin);
    const questions = await this.launch.store.questions(eventId);
    const ticket = await this.launch.ledger.admitStream(event, { subject, ...origin });

    // Thousands of streams get every frame: each is written straight to its socket, one write a
    // viewer, without chunked framing (the body ends when the connection does, as HTTP/1.1 allows).
    res.useChunkedEncodingByDefault = false;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    const socket = res.socket;
    if (!socket || socket.destroyed) return this.launch.ledger.left(ticket);
    socket.setNoDelay(true);
    socket.write(frame('show', event.show) + frame('questions', questions));
    const viewers = this.viewersOf(eventId);
    viewers.viewers.add(socket);
    const visitId = this.launch.visits.joined(eventId, subject, 'overflow', Date.now(), personOf({ subject, device: origin.device }));
    socket.on('close', () => {
      viewers.viewers.delete(socket);
      this.launch.visits.left(visitId);
      this.launch.ledger.left(ticket);
      if (viewers.viewers.size === 0) this.close(eventId);
    });
  }

  private viewersOf(eventId: string): EventViewers {
    const existing = this.events.get(eventId);
    if (existing) return existing;
    // The figures go out every two seconds, so a stream is never quiet long enough for a proxy to close it.
    const entry: EventViewers = {
      viewers: new Set(),
      reactions: {},
      stop: () => {},
      timer: setInterval(() => void this.sendFigures(eventId, entry), FIGURES_MS),
    };
    let lastSeq = -1;
    entry.stop = this.launch.bus.subscribe(eventId, (message) => {
      if (message.kind === 'show' && message.show.seq > lastSeq) {
        lastSeq = message.show.seq;
        broadcast(entry, frame('show', message.show));
      } else if (message.kind === 'questions') {
        broadcast(entry, frame('questions', message.questions));
      } else if (message.kind === 'reactions') {
        for (const [emote, n] of Object.entries(message.counts)) entry.reactions[emote] = (entry.reactions[emote] ?? 0) + n;
      }
    });
    this.events.set(eventId, entry);
    return entry;
  }

  private async sendFigures(eventId: string, entry: EventViewers) {
    const counts = await this.launch.audience.counts(eventId).catch(() => undefined);
    if (!counts) return;
    broadcast(entry, frame('figures', { embodied: counts.embodied, overflow: counts.overflow, reactions: entry.reactions }));
  }

  private close(eventId: string) {
    const entry = this.events.get(eventId);
    if (!entry || entry.viewers.size > 0) return;
    clearInterval(entry.timer);
    entry.stop();
    this.events.delete(eventId);
  }

  /** Ends every stream (the server is stopping). */
  closeAll(): void {
    for (const [eventId, entry] of this.events) {
      for (const socket of entry.viewers) socket.end();
      entry.viewers.clear();
      this.close(eventId);
    }
  }
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Writes `text`, encoded once, to every viewer, {@link WRITES_PER_TURN} at a time. */
function broadcast(entry: EventViewers, text: string) {
  const bytes = Buffer.from(text);
  const viewers = [...entry.viewers];
  const writeFrom = (start: number) => {
    const end = Math.min(viewers.length, start + WRITES_PER_TURN);
    for (let i = start; i < end; i++) if (!viewers[i]!.destroyed) viewers[i]!.write(bytes);
    if (end < viewers.length) setImmediate(writeFrom, end);
  };
  writeFrom(0);
}
