/**
 * A Colyseus client at the wire, for load bots that must cost the machine as little as
 * possible: it joins a room the way @colyseus/sdk 0.18 does and sends bytes messages, but
 * never decodes state or messages. What the SDK does, step by step (Client.mjs, Room.mjs):
 *
 * 1. `POST /matchmake/joinOrCreate/<room>` with the join options as JSON: the answer is a
 *    seat reservation `{ name, roomId, sessionId, processId, publicAddress? }`.
 * 2. A WebSocket to `ws://<host>/<processId>/<roomId>?sessionId=<sessionId>`.
 * 3. The server's first frame is `JOIN_ROOM` (reconnection token, serializer, state
 *    reflection); the client acknowledges it with the single byte `JOIN_ROOM`, after which
 *    the server sends the full state and lets the client's messages through. An `ERROR`
 *    frame instead means the seat was refused.
 * 4. A bytes message (`room.sendBytes(type, bytes)`) is `ROOM_DATA_BYTES`, the type as a
 *    msgpack-style string (`0xa0 | length` then UTF-8 for names under 32 bytes), then the
 *    bytes as they are.
 */
import type { Socket } from 'node:net';
import { encode } from '@colyseus/schema';
import { Protocol } from '@colyseus/sdk';
import { WebSocket } from 'ws';

/** The matchmaker's answer to a join. */
export interface SeatReservation {
  name: string;
  roomId: string;
  sessionId: string;
  processId: string;
  publicAddress?: string;
}

/**
 * Asks the matchmaker at `httpUrl` (`http://host:port`) for a seat, as `client.joinOrCreate` does
 * (with `client.auth.token` set: `token`).
 */
export async function reserveSeat(httpUrl: string, roomName: string, options: Record<string, unknown>, token?: string): Promise<SeatReservation> {
  const response = await fetch(`${httpUrl}/matchmake/joinOrCreate/${roomName}`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(options),
  });
  const body = (await response.json()) as SeatReservation & { error?: string; code?: number };
  if (!response.ok || body.error) throw new Error(`matchmake ${roomName}: ${response.status} ${body.error ?? ''}`.trim());
  return body;
}

/** The frame header of a bytes message of this type: everything `sendBytes` puts before the bytes. */
export function bytesMessageHeader(type: string): Uint8Array {
  const scratch = new Uint8Array(64);
  const it = { offset: 1 };
  scratch[0] = Protocol.ROOM_DATA_BYTES;
  encode.string(scratch, type, it);
  return scratch.slice(0, it.offset);
}

/** A joined connection that counts what arrives and decodes none of it. */
export class RawRoomClient {
  /** Frames received since the join (each a WebSocket message). */
  messages = 0;
  /** Called with each frame received after the join, undecoded. */
  onFrame?: (frame: Buffer) => void;
  closed: { code: number; reason: string } | undefined;

  private constructor(
    readonly seat: SeatReservation,
    private readonly ws: WebSocket,
    private readonly socket: Socket,
  ) {
    ws.on('message', (frame: Buffer) => {
      this.messages++;
      this.onFrame?.(frame);
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
    ws.on('error', () => {});
  }

  /** Bytes read from the TCP socket so far: WebSocket framing included, the HTTP upgrade too. */
  get bytesRead(): number {
    return this.socket.bytesRead;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends one frame as it is (a header from {@link bytesMessageHeader} and the payload). */
  send(frame: Uint8Array): void {
    if (this.open) this.ws.send(frame);
  }

  close(): void {
    if (this.open) this.ws.send(Uint8Array.of(Protocol.LEAVE_ROOM));
    this.ws.terminate();
  }

  /** Connects with a seat reservation from {@link reserveSeat}; resolves once the join is acknowledged. */
  static connect(httpUrl: string, seat: SeatReservation, timeoutMs = 15_000): Promise<RawRoomClient> {
    const host = seat.publicAddress ?? new URL(httpUrl).host;
    const ws = new WebSocket(`ws://${host}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}`, { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    return new Promise<RawRoomClient>((resolve, reject) => {
      let socket: Socket | undefined;
      const timer = setTimeout(() => fail(new Error(`join ${seat.roomId}: no JOIN_ROOM within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        ws.removeAllListeners();
        ws.on('error', () => {});
        ws.terminate();
        reject(error);
      };
      ws.once('upgrade', (response) => (socket = response.socket as Socket));
      ws.once('error', (error) => fail(error));
      ws.once('close', (code, reason) => fail(new Error(`join ${seat.roomId}: closed ${code} ${reason.toString()}`)));
      ws.once('message', (data: Buffer) => {
        if (data[0] !== Protocol.JOIN_ROOM || !socket) return fail(new Error(`join ${seat.roomId}: refused (frame ${data[0]})`));
        clearTimeout(timer);
        ws.removeAllListeners();
        ws.send(Uint8Array.of(Protocol.JOIN_ROOM));
        resolve(new RawRoomClient(seat, ws, socket));
      });
    });
  }
}
