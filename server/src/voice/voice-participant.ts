import { RTCPeerConnection, RtpHeader, RtpPacket, type RTCRtpSender } from 'werift';
import { MarqueError } from '../../../protocol/src/errors';

/** A received packet: the slot it came in on, its payload and when it arrived (performance.now()). */
export interface HeardPacket {
  slot: number;
  payload: Buffer;
  at: number;
}

/**
 * A participant speaking WebRTC from Node (werift), as a browser does to the forwarder: it answers
 * the forwarder's offer, sends Opus-shaped RTP up its first section and counts what each slot
 * receives. For the forwarder's tests and the voice benchmark, where hundreds of browsers would
 * not fit on the machine.
 */
export class VoiceParticipant {
  readonly pc = new RTCPeerConnection({ iceServers: [], iceUseIpv6: false, iceAdditionalHostAddresses: ['127.0.0.1'], iceInterfaceAddresses: { udp4: '127.0.0.1' } });
  readonly heard: HeardPacket[] = [];
  /** Packets received per slot. */
  readonly perSlot: number[] = [];
  /** Called for each received packet (besides being kept in `heard` while `keep` is true). */
  onPacket: (packet: HeardPacket) => void = () => {};
  keep = true;
  private sender?: RTCRtpSender;
  private sequence = Math.floor(Math.random() * 60_000);
  private timestamp = Math.floor(Math.random() * 1e9);
  private readonly ssrc = Math.floor(Math.random() * 2 ** 31);

  constructor() {
    this.pc.onTrack.subscribe((track) => {
      const slot = this.pc.getTransceivers().findIndex((t) => t.receiver.tracks.includes(track)) - 1;
      if (slot < 0) return;
      this.perSlot[slot] = 0;
      track.onReceiveRtp.subscribe((rtp) => {
        this.perSlot[slot] = (this.perSlot[slot] ?? 0) + 1;
        const packet = { slot, payload: rtp.payload, at: performance.now() };
        if (this.keep) this.heard.push(packet);
        this.onPacket(packet);
      });
    });
  }

  /** Answers `offer`: returns the answer's SDP once its candidates are gathered. */
  async answer(offer: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    const microphone = this.pc.getTransceivers()[0]!;
    microphone.setDirection('sendonly');
    this.sender = microphone.sender;
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    if (this.pc.iceGatheringState !== 'complete') {
      await new Promise<void>((resolve) => {
        const { unSubscribe } = this.pc.iceGatheringStateChange.subscribe((state) => {
          if (state === 'complete') {
            unSubscribe();
            resolve();
          }
        });
      });
    }
    return this.pc.localDescription!.sdp;
  }

  /** Resolves once the connection is up; rejects after `timeoutMs`. */
  connected(timeoutMs = 10_000): Promise<void> {
    if (this.pc.connectionState === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new MarqueError('voice-participant', `not connected after ${timeoutMs} ms (${this.pc.connectionState})`)), timeoutMs);
      const { unSubscribe } = this.pc.connectionStateChange.subscribe((state) => {
        if (state !== 'connected') return;
        clearTimeout(timer);
        unSubscribe();
        resolve();
      });
    });
  }

  /** Sends one 20 ms packet with `payload` (an Opus frame, or bytes a test recognises). */
  async send(payload: Buffer): Promise<void> {
    if (!this.sender) throw new MarqueError('voice-participant', 'answer an offer before sending');
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp = (this.timestamp + 960) >>> 0;
    const header = new RtpHeader({ payloadType: 111, sequenceNumber: this.sequence, timestamp: this.timestamp, ssrc: this.ssrc, marker: false });
    await this.sender.sendRtp(new RtpPacket(header, payload));
  }

  async close(): Promise<void> {
    await this.pc.close().catch(() => {});
  }
}
