import type { VoiceClientMessage, VoiceServerMessage } from '../../../protocol/src/voice';
import { VOICE_DEFAULTS } from '../../../protocol/src/voice-defaults';
import { TalkControl, type TalkMode } from './talk-control';
import { VoiceLink, type VoiceLinkState } from './voice-link';
import { VoiceSpatialiser, type Ears, type HeardLevels } from './voice-spatial';

/** The room connection as voice uses it (a WorldConnection). */
export interface VoiceRoom {
  readonly sessionId: string;
  sendVoice(message: VoiceClientMessage): void;
  on(kind: 'voice', listener: (message: VoiceServerMessage) => void): () => void;
  /** Another visitor's head at `now`, written into `out`; false when unknown. */
  headOf(sessionId: string, now: number, out: { x: number; y: number; z: number }): boolean;
}

/** The microphone: never asked before the visitor first talks. */
export type MicState = 'unasked' | 'asking' | 'ready' | 'denied' | 'missing' | 'failed';

/** What the voice controls show. */
export interface VoiceSnapshot {
  /** Voice on (listening, and talking when asked) or off entirely. */
  enabled: boolean;
  link: VoiceLinkState;
  mic: MicState;
  mode: TalkMode;
  /** The microphone is going out now. */
  sending: boolean;
  selfMuted: boolean;
  /** A problem to show (the microphone's, or the server's), in words. */
  problem?: string;
  /** Set while a host has muted this visitor: what they were told. */
  silenced?: string;
  /** Which speaker each listening slot carries. */
  slots: readonly (string | null)[];
  /** Volumes this visitor set for others (sessionId → 0–2; 1 when absent). */
  volumes: Readonly<Record<string, number>>;
}

const MIC_MESSAGES: Record<Exclude<MicState, 'unasked' | 'asking' | 'ready'>, string> = {
  denied: 'The microphone is blocked for this site, so nobody can hear you. Allow it in the browser (the icon by the address) and press Talk again. You still hear everyone.',
  missing: 'No microphone was found. Plug one in and press Talk again. You still hear everyone.',
  failed: 'The microphone could not be started (another app may hold it). You still hear everyone.',
};

/** How long an answer waits for its ICE candidates before it goes with those it has, ms. */
const GATHER_MS = 2_000;
/** How often open mic listens for speech, ms. */
const DETECT_MS = 50;

/**
 * This visitor's voice in one room: listens as soon as it is enabled (the forwarder's offer, one
 * WebRTC connection, audio spatialised at each speaker's head), asks for the microphone only the
 * first time the visitor talks, and sends it while push-to-talk is held or open mic hears speech.
 * A missing or refused microphone, or a connection that cannot be made, is said in words, and
 * listening and everything else keep working. Plain TypeScript; React binds it (use-voice.ts).
 */
export class VoiceClient {
  private snapshot: VoiceSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly talk = new TalkControl();
  private readonly link: VoiceLink;
  private pc?: RTCPeerConnection;
  private spatial?: VoiceSpatialiser;
  private mic?: MediaStream;
  private micLevel?: AnalyserNode;
  private detector?: ReturnType<typeof setInterval>;
  private readonly stopListening: () => void;
  private readonly head = { x: 0, y: 0, z: 0 };
  private radius: number = VOICE_DEFAULTS.radius;
  private micScratch?: Float32Array<ArrayBuffer>;

  constructor(private readonly room: VoiceRoom, enabled = true) {
    this.snapshot = { enabled: false, link: { state: 'off' }, mic: 'unasked', mode: 'push', sending: false, selfMuted: false, slots: [], volumes: {} };
    this.link = new VoiceLink(
      () => this.room.sendVoice({ kind: 'join' }),
      (link) => this.update({ link }),
    );
    this.stopListening = room.on('voice', (message) => void this.onSignal(message));
    if (enabled) this.enable();
  }

  getSnapshot = (): VoiceSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Voice on: connect and listen. */
  enable(): void {
    if (this.snapshot.enabled) return;
    this.update({ enabled: true, problem: undefined });
    this.link.start();
  }

  /** Voice off entirely: nothing heard, nothing sent, the microphone released. */
  disable(): void {
    if (!this.snapshot.enabled) return;
    this.room.sendVoice({ kind: 'leave' });
    this.link.stop();
    this.closePeer();
    this.releaseMic();
    this.update({ enabled: false, sending: false, slots: [] });
  }

  /** Tries to connect again after the link failed. */
  retry(): void {
    if (this.snapshot.enabled) this.link.start();
  }

  /** A push-to-talk control (`source`: 'key', 'button', 'vr' …) went down or up. */
  hold(source: string, down: boolean): void {
    this.talk.hold(source, down);
    this.audio().resume();
    if (down) void this.ensureMic();
    this.apply();
  }

  setMode(mode: TalkMode): void {
    this.talk.mode = mode;
    this.update({ mode });
    if (mode === 'open') void this.ensureMic();
    this.apply();
  }

  setSelfMuted(muted: boolean): void {
    this.talk.selfMuted = muted;
    this.update({ selfMuted: muted });
    this.apply();
  }

  /** Sets how loud `sessionId` is for this visitor only (0 mutes them here). */
  setVolume(sessionId: string, volume: number): void {
    this.update({ volumes: { ...this.snapshot.volumes, [sessionId]: volume } });
    this.snapshot.slots.forEach((id, slot) => id === sessionId && this.spatial?.setVolume(slot, volume));
  }

  /** Once a frame: the listener's ears, and each voice at its speaker's head. Allocates nothing. */
  place(ears: Ears, now: number): void {
    const spatial = this.spatial;
    if (!spatial) return;
    spatial.setEars(ears);
    const slots = this.snapshot.slots;
    for (let slot = 0; slot < slots.length; slot++) {
      const id = slots[slot];
      if (id && this.room.headOf(id, now, this.head)) spatial.place(slot, this.head.x, this.head.y, this.head.z);
    }
  }

  /** What the listener hears now (levels per ear, strongest frequency); silent before any voice. */
  levels(): HeardLevels {
    return this.spatial?.levels() ?? { left: 0, right: 0, peakHz: 0 };
  }

  dispose(): void {
    this.stopListening();
    this.link.stop();
    this.closePeer();
    this.releaseMic();
    this.spatial?.close();
    this.spatial = undefined;
    this.listeners.clear();
  }

  private async onSignal(message: VoiceServerMessage) {
    switch (message.kind) {
      case 'offer':
        if (this.snapshot.enabled) await this.answer(message.id, message.sdp, message.radius).catch((error: unknown) => this.link.failed(`the browser refused the connection (${String(error)})`));
        return;
      case 'slots':
        this.update({ slots: message.slots });
        message.slots.forEach((id, slot) => id && this.spatial?.setVolume(slot, this.snapshot.volumes[id] ?? 1));
        return;
      case 'error':
        if (this.snapshot.link.state === 'connecting') this.link.failed(message.message);
        else this.update({ problem: message.message });
        return;
      case 'silenced':
        this.update({ silenced: message.silenced ? message.message : undefined });
        this.apply();
        return;
    }
  }

  private async answer(id: number, offer: string, radius: number) {
    this.closePeer();
    this.radius = radius;
    const spatial = this.audio();
    spatial.resume();
    // No STUN or TURN: the forwarder announces its own reachable address (ICE lite).
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.pc = pc;
    pc.ontrack = ({ transceiver, track }) => {
      const slot = pc.getTransceivers().indexOf(transceiver) - 1;
      if (slot < 0) return;
      spatial.attach(slot, new MediaStream([track]));
      const id = this.snapshot.slots[slot];
      spatial.setVolume(slot, id ? (this.snapshot.volumes[id] ?? 1) : 1);
    };
    pc.onconnectionstatechange = () => {
      if (this.pc !== pc) return;
      if (pc.connectionState === 'connected') {
        this.link.connected();
        this.apply();
      } else if (pc.connectionState === 'failed') {
        this.link.failed('the voice connection was lost');
      }
    };
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    const microphone = pc.getTransceivers()[0];
    if (microphone) microphone.direction = 'sendonly';
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    if (this.pc !== pc) return;
    this.room.sendVoice({ kind: 'answer', id, sdp: pc.localDescription!.sdp });
  }

  /** Asks for the microphone the first time it is needed (and again after it failed). */
  private async ensureMic() {
    if (this.mic || this.snapshot.mic === 'asking') return;
    this.update({ mic: 'asking' });
    try {
      this.mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
    } catch (error) {
      const name = (error as { name?: string }).name;
      const mic: MicState = name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'missing' : 'failed';
      this.update({ mic, problem: MIC_MESSAGES[mic] });
      return;
    }
    this.update({ mic: 'ready', problem: undefined });
    this.startDetector();
    this.apply();
  }

  /** Open mic's ears on the microphone: the level every {@link DETECT_MS} ms. */
  private startDetector() {
    if (!this.mic || this.detector) return;
    const { context } = this.audio();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(this.mic).connect(analyser);
    this.micLevel = analyser;
    this.micScratch = new Float32Array(analyser.fftSize);
    this.detector = setInterval(() => {
      if (this.talk.mode !== 'open' || !this.micLevel || !this.micScratch) return;
      this.micLevel.getFloatTimeDomainData(this.micScratch);
      let sum = 0;
      for (const v of this.micScratch) sum += v * v;
      this.talk.hear(Math.sqrt(sum / this.micScratch.length), performance.now());
      this.apply();
    }, DETECT_MS);
  }

  /** Sends the microphone, or stops sending it, as the talk controls, the host and the link allow. */
  private apply() {
    const track = this.mic?.getAudioTracks()[0];
    const sending =
      this.snapshot.enabled && !!track && !this.snapshot.silenced && this.snapshot.link.state === 'connected' && this.talk.sending(performance.now());
    if (sending === this.snapshot.sending) return;
    const sender = this.pc?.getTransceivers()[0]?.sender;
    void sender?.replaceTrack(sending ? track! : null).catch(() => {});
    this.room.sendVoice({ kind: 'talk', on: sending });
    this.update({ sending });
  }

  /** The listener's mix, made on first need (the offer, or the first talk). */
  private audio(): VoiceSpatialiser {
    this.spatial ??= new VoiceSpatialiser(this.radius);
    this.spatial.radius = this.radius;
    return this.spatial;
  }

  private closePeer() {
    const pc = this.pc;
    this.pc = undefined;
    pc?.close();
    if (this.snapshot.sending) this.update({ sending: false });
  }

  private releaseMic() {
    if (this.detector) clearInterval(this.detector);
    this.detector = undefined;
    this.micLevel = undefined;
    this.mic?.getTracks().forEach((t) => t.stop());
    this.mic = undefined;
    if (this.snapshot.mic === 'ready') this.update({ mic: 'unasked' });
  }

  private update(change: Partial<VoiceSnapshot>) {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

/** Resolves once `pc` has its ICE candidates, or after {@link GATHER_MS} with those it has. */
function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => pc.iceGatheringState === 'complete' && done();
    const timer = setTimeout(done, GATHER_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}
