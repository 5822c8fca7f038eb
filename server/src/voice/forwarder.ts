import { RTCPeerConnection, RTCRtpCodecParameters, type RTCRtpSender, type RtpPacket } from 'werift';
import { MarqueError } from '../../../protocol/src/errors';

/** How the forwarder's connections are set up. */
export interface ForwarderOptions {
  /** Listening slots per connection: the most voices one listener receives at once. */
  maxSpeakers: number;
  /**
   * Address announced in ICE candidates besides the machine's interfaces: `127.0.0.1` for
   * loopback (tests, one machine), the public address behind NAT. Unset: the interfaces only.
   */
  iceAddress?: string;
  /** UDP ports the connections may use, inclusive (a firewall's opening). Unset: any. */
  portRange?: [number, number];
  /** How long gathering candidates for an offer may take, ms. */
  gatherTimeoutMs?: number;
}

/** What happens to a connection, as the forwarder reports it. */
export type PeerState = 'connecting' | 'connected' | 'failed' | 'closed';

/** Packet counts since the forwarder started. */
export interface ForwarderCounts {
  peers: number;
  /** Speaker → listener pairs being forwarded now. */
  streams: number;
  packetsIn: number;
  packetsOut: number;
}

const isLoopback = (address: string) => address.startsWith('127.');

/** Opus at 48 kHz, as every browser sends it; payload type 111 as Chromium numbers it. */
const OPUS = () =>
  new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48_000, channels: 2, payloadType: 111, parameters: 'minptime=10;useinbandfec=1' });

/** An Opus packet is 20 ms: 960 ticks of the 48 kHz RTP clock, the step across a change of speaker. */
const OPUS_FRAME_TICKS = 960;

interface Peer {
  id: string;
  pc: RTCPeerConnection;
  /** The listening slots' senders, in the offer's order after the microphone's section. */
  senders: RTCRtpSender[];
  /** Which speaker each slot carries. */
  slots: (string | null)[];
  state: PeerState;
}

/**
 * The selective forwarding unit: one WebRTC connection per participant (werift, pure TypeScript),
 * audio up in its first section, `maxSpeakers` listening slots down. It never decodes: each Opus
 * packet from a speaker is copied to the slots that carry that speaker, with the slot's own SSRC,
 * sequence and timestamps (continuous across a change of speaker). Who hears whom is decided
 * elsewhere (the room) and given as each listener's slots.
 */
export class SelectiveForwarder {
  private readonly peers = new Map<string, Peer>();
  /** Speaker → the (listener, slot) pairs its packets go to. */
  private readonly audience = new Map<string, { peer: Peer; slot: number }[]>();
  private packetsIn = 0;
  private packetsOut = 0;

  constructor(
    private readonly options: ForwarderOptions,
    /** Told whenever a connection's state changes. */
    private readonly onState: (id: string, state: PeerState) => void = () => {},
  ) {}

  /** Opens (or reopens) `id`'s connection and returns the forwarder's offer, candidates included. */
  async open(id: string): Promise<string> {
    this.close(id);
    const { iceAddress, portRange, maxSpeakers } = this.options;
    const pc = new RTCPeerConnection({
      // No STUN or TURN server: the forwarder's own addresses are what it announces (ICE lite).
      iceServers: [],
      iceLite: true,
      iceUseIpv6: false,
      iceUseTcp: false,
      iceTcpPassive: false,
      iceAdditionalHostAddresses: iceAddress ? [iceAddress] : undefined,
      // On loopback (one machine, tests) the forwarder listens there only: a browser that may use the
      // microphone announces its real interfaces, and a pair through them never carried DTLS.
      iceInterfaceAddresses: iceAddress && isLoopback(iceAddress) ? { udp4: iceAddress } : undefined,
      icePortRange: portRange,
      codecs: { audio: [OPUS()] },
    });
    const peer: Peer = { id, pc, senders: [], slots: new Array<string | null>(maxSpeakers).fill(null), state: 'connecting' };
    this.peers.set(id, peer);
    pc.addTransceiver('audio', { direction: 'recvonly' });
    for (let i = 0; i < maxSpeakers; i++) peer.senders.push(pc.addTransceiver('audio', { direction: 'sendonly' }).sender);
    pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => this.forward(peer, rtp));
    });
    pc.connectionStateChange.subscribe((state) => {
      if (this.peers.get(id) !== peer) return;
      const next: PeerState = state === 'connected' ? 'connected' : state === 'failed' ? 'failed' : state === 'closed' ? 'closed' : peer.state;
      if (next === peer.state) return;
      peer.state = next;
      this.onState(id, next);
    });
    await pc.setLocalDescription(await pc.createOffer());
    await this.gathered(pc);
    if (this.peers.get(id) !== peer) throw new MarqueError('voice', `${id}'s connection was closed while it was being opened`);
    return pc.localDescription!.sdp;
  }

  /** Applies `id`'s answer to the last offer. */
  async answer(id: string, sdp: string): Promise<void> {
    const peer = this.peers.get(id);
    if (!peer) throw new MarqueError('voice', 'an answer came without an open connection; join voice first', { reason: 'no-connection' });
    if (peer.pc.signalingState !== 'have-local-offer') {
      throw new MarqueError('voice', 'an answer came that no offer is waiting for; join voice again', { reason: 'unexpected-answer' });
    }
    try {
      await peer.pc.setRemoteDescription({ type: 'answer', sdp });
    } catch (error) {
      throw new MarqueError('voice', 'the answer is not a usable audio session description', { reason: 'bad-answer', cause: error });
    }
  }

  /** Sets which speaker each of `listener`'s slots carries; a slot whose speaker changes continues its stream without a gap in sequence. */
  route(listener: string, slots: readonly (string | null)[]): void {
    const peer = this.peers.get(listener);
    if (!peer) return;
    for (let slot = 0; slot < peer.slots.length; slot++) {
      const before = peer.slots[slot] ?? null;
      const after = slots[slot] ?? null;
      if (before === after) continue;
      if (before !== null) this.unlink(before, peer, slot);
      if (after !== null) {
        let list = this.audience.get(after);
        if (!list) this.audience.set(after, (list = []));
        list.push({ peer, slot });
        peer.senders[slot]!.replaceRTP({ sequenceNumber: 0, timestamp: 0 }, false, OPUS_FRAME_TICKS);
      }
      peer.slots[slot] = after;
    }
  }

  /** Closes `id`'s connection: nothing more of theirs is forwarded, nothing more is sent to them. */
  close(id: string): void {
    const peer = this.peers.get(id);
    if (!peer) return;
    this.peers.delete(id);
    this.route(id, []);
    this.audience.delete(id);
    // Their own voice stops reaching anyone at once.
    for (const [, list] of this.audience) {
      for (let i = list.length - 1; i >= 0; i--) if (list[i]!.peer === peer) list.splice(i, 1);
    }
    peer.state = 'closed';
    void peer.pc.close().catch(() => {});
  }

  /** Closes every connection. */
  closeAll(): void {
    for (const id of [...this.peers.keys()]) this.close(id);
  }

  counts(): ForwarderCounts {
    let streams = 0;
    for (const list of this.audience.values()) streams += list.length;
    return { peers: this.peers.size, streams, packetsIn: this.packetsIn, packetsOut: this.packetsOut };
  }

  private forward(from: Peer, rtp: RtpPacket) {
    if (this.peers.get(from.id) !== from) return;
    this.packetsIn++;
    const list = this.audience.get(from.id);
    if (!list) return;
    for (const { peer, slot } of list) {
      if (peer.state !== 'connected') continue;
      this.packetsOut++;
      // The sender copies the packet before giving it the slot's SSRC and numbering.
      void peer.senders[slot]!.sendRtp(rtp).catch(() => {});
    }
  }

  private unlink(speaker: string, peer: Peer, slot: number) {
    const list = this.audience.get(speaker);
    if (!list) return;
    const at = list.findIndex((entry) => entry.peer === peer && entry.slot === slot);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.audience.delete(speaker);
  }

  private gathered(pc: RTCPeerConnection): Promise<void> {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    const timeoutMs = this.options.gatherTimeoutMs ?? 5_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new MarqueError('voice', `gathering ICE candidates took over ${timeoutMs} ms; check VOICE_ICE_ADDRESS`, { reason: 'gather-timeout' }));
      }, timeoutMs);
      const { unSubscribe: unsubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
        if (state !== 'complete') return;
        clearTimeout(timer);
        unsubscribe();
        resolve();
      });
    });
  }
}
