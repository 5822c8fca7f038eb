/** Where the listener's ears are and which way they face (world metres, unit vectors). */
export interface Ears {
  x: number;
  y: number;
  z: number;
  forwardX: number;
  forwardY: number;
  forwardZ: number;
  upX: number;
  upY: number;
  upZ: number;
}

/** What the listener hears now: each ear's RMS level (0–1) and the strongest frequency, Hz. */
export interface HeardLevels {
  left: number;
  right: number;
  peakHz: number;
}

interface Voice {
  element: HTMLAudioElement;
  source: MediaStreamAudioSourceNode;
  gain: GainNode;
  panner: PannerNode;
}

/**
 * The listener's side of voice: each listening slot's stream through its own volume and an HRTF
 * panner placed at the speaker's head, falling off with distance to silence at the radius, all
 * mixed to the speakers or headphones. The mix is also measured (each ear's level, the strongest
 * frequency) for the speaking meter and the tests.
 */
export class VoiceSpatialiser {
  readonly context = new AudioContext({ latencyHint: 'interactive' });
  private readonly master: GainNode;
  private readonly ears: [AnalyserNode, AnalyserNode];
  private readonly mix: AnalyserNode;
  private readonly voices = new Map<number, Voice>();
  private readonly scratch: Float32Array<ArrayBuffer>;
  private readonly spectrum: Float32Array<ArrayBuffer>;

  /** @param radius metres at which a voice has faded to silence (the server forwards none beyond). */
  constructor(public radius: number) {
    this.master = this.context.createGain();
    this.master.connect(this.context.destination);
    const split = this.context.createChannelSplitter(2);
    this.master.connect(split);
    this.ears = [this.context.createAnalyser(), this.context.createAnalyser()];
    this.ears.forEach((ear, channel) => split.connect(ear, channel));
    this.mix = this.context.createAnalyser();
    this.mix.fftSize = 4096;
    this.master.connect(this.mix);
    this.scratch = new Float32Array(this.ears[0].fftSize);
    this.spectrum = new Float32Array(this.mix.frequencyBinCount);
  }

  /** Plays `stream` in listening slot `slot` (replacing what it played). */
  attach(slot: number, stream: MediaStream): void {
    this.detach(slot);
    // Chromium pulls a remote track's audio only when a media element plays it; muted, so Web Audio alone is heard.
    const element = new Audio();
    element.muted = true;
    element.srcObject = stream;
    void element.play().catch(() => {});
    const source = this.context.createMediaStreamSource(stream);
    const gain = this.context.createGain();
    const panner = new PannerNode(this.context, {
      panningModel: 'HRTF',
      distanceModel: 'linear',
      refDistance: 1,
      maxDistance: this.radius,
      rolloffFactor: 1,
    });
    source.connect(gain).connect(panner).connect(this.master);
    this.voices.set(slot, { element, source, gain, panner });
  }

  detach(slot: number): void {
    const voice = this.voices.get(slot);
    if (!voice) return;
    voice.source.disconnect();
    voice.panner.disconnect();
    voice.element.srcObject = null;
    this.voices.delete(slot);
  }

  /** Sets slot `slot`'s volume (1: as spoken; 0: silent, for this listener only). */
  setVolume(slot: number, volume: number): void {
    const voice = this.voices.get(slot);
    if (voice) voice.gain.gain.value = volume;
  }

  /** Places the listener. */
  setEars(ears: Ears): void {
    const l = this.context.listener;
    l.positionX.value = ears.x;
    l.positionY.value = ears.y;
    l.positionZ.value = ears.z;
    l.forwardX.value = ears.forwardX;
    l.forwardY.value = ears.forwardY;
    l.forwardZ.value = ears.forwardZ;
    l.upX.value = ears.upX;
    l.upY.value = ears.upY;
    l.upZ.value = ears.upZ;
  }

  /** Places slot `slot`'s voice at a speaker's head. */
  place(slot: number, x: number, y: number, z: number): void {
    const voice = this.voices.get(slot);
    if (!voice) return;
    voice.panner.positionX.value = x;
    voice.panner.positionY.value = y;
    voice.panner.positionZ.value = z;
  }

  /** Starts the mix where the browser held it until a gesture (autoplay rules). */
  resume(): void {
    if (this.context.state === 'suspended') void this.context.resume().catch(() => {});
  }

  levels(): HeardLevels {
    const [left, right] = this.ears.map((ear) => {
      ear.getFloatTimeDomainData(this.scratch);
      let sum = 0;
      for (const v of this.scratch) sum += v * v;
      return Math.sqrt(sum / this.scratch.length);
    }) as [number, number];
    this.mix.getFloatFrequencyData(this.spectrum);
    let peak = 0;
    for (let i = 1; i < this.spectrum.length; i++) if (this.spectrum[i]! > this.spectrum[peak]!) peak = i;
    return { left, right, peakHz: (peak * this.context.sampleRate) / this.mix.fftSize };
  }

  close(): void {
    for (const slot of [...this.voices.keys()]) this.detach(slot);
    void this.context.close().catch(() => {});
  }
}
