import { POSES_HEADER_BYTES, poseRecordBytes, writePose, type AvatarPose } from '../../../protocol/src/pose-codec';
import { MarqueError } from '../../../protocol/src/errors';

/**
 * Interest management: who hears about whom, how often. Each tick a receiver gets the
 * changed poses of its `maxNear` nearest avatars within `nearRadius`, plus at most
 * `farPerTick` changed poses of everyone else, taken in turn. So a receiver's downlink is
 * bounded by (maxNear + farPerTick) records a tick however full the room is.
 */
export interface InterestPolicy {
  /** Metres within which an avatar counts as near. */
  nearRadius: number;
  /** Most near avatars sent every tick. */
  maxNear: number;
  /** Most distant avatars sent a tick, round-robin. */
  farPerTick: number;
}

/** The rooms' default policy; see the README's "Interest management" for the bound it gives. */
export const DEFAULT_INTEREST: InterestPolicy = { nearRadius: 10, maxNear: 20, farPerTick: 8 };

interface Entry {
  id: string;
  slot: number;
  x: number;
  z: number;
  /** `u16 slot` then the pose record, re-encoded on each accepted pose. */
  record: Uint8Array;
  /** Bumped on each accepted pose; receivers remember the version they last got. */
  version: number;
  /** Per receiver: version of each entry (by dense index) last sent to it. */
  sent: Uint32Array;
  farCursor: number;
}

/**
 * Collects the room's poses and builds each receiver's `poses` message every tick.
 * Entries are kept densely packed (swap-remove) so per-receiver bookkeeping is a typed
 * array indexed by position.
 */
export class PoseFanout {
  private readonly entries: Entry[] = [];
  private readonly byId = new Map<string, number>();
  private version = 0;
  private capacity: number;
  private distances = new Float64Array(0);
  private near = new Int32Array(0);
  private isNear = new Uint8Array(0);

  /** @param policy interest management, or null to send every changed pose to everyone every tick. */
  constructor(
    private readonly policy: InterestPolicy | null,
    initialCapacity = 64,
  ) {
    this.capacity = initialCapacity;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Adds an avatar with its first pose. */
  add(id: string, slot: number, pose: AvatarPose): void {
    if (this.byId.has(id)) throw new MarqueError('pose-fanout', `${id} is already present; remove it before adding it again`);
    if (this.entries.length === this.capacity) this.grow();
    const index = this.entries.length;
    for (const entry of this.entries) entry.sent[index] = 0;
    this.entries.push({ id, slot, x: 0, z: 0, record: new Uint8Array(0), version: 0, sent: new Uint32Array(this.capacity), farCursor: 0 });
    this.byId.set(id, index);
    this.update(id, pose);
  }

  remove(id: string): void {
    const index = this.byId.get(id);
    if (index === undefined) return;
    const last = this.entries.length - 1;
    const moved = this.entries[last]!;
    this.entries[index] = moved;
    this.entries.pop();
    this.byId.delete(id);
    if (index !== last) this.byId.set(moved.id, index);
    for (const entry of this.entries) entry.sent[index] = entry.sent[last]!;
  }

  /** Records an avatar's new (already validated) pose. */
  update(id: string, pose: AvatarPose): void {
    const entry = this.entries[this.byId.get(id)!];
    if (!entry) return;
    const record = new Uint8Array(2 + poseRecordBytes(pose));
    const view = new DataView(record.buffer);
    view.setUint16(0, entry.slot, true);
    writePose(view, 2, pose);
    entry.record = record;
    entry.x = pose.head.x;
    entry.z = pose.head.z;
    entry.version = ++this.version;
  }

  /** Builds this tick's message for every receiver that has something to hear, and passes it to `send`. */
  tick(send: (id: string, message: Uint8Array) => void, now = Date.now()): void {
    const count = this.entries.length;
    if (this.distances.length < count) {
      this.distances = new Float64Array(this.capacity);
      this.near = new Int32Array(this.capacity);
      this.isNear = new Uint8Array(this.capacity);
    }
    const chosen: number[] = [];
    for (let r = 0; r < count; r++) {
      const receiver = this.entries[r]!;
      chosen.length = 0;
      if (this.policy) this.chooseByInterest(r, chosen, this.policy);
      else for (let i = 0; i < count; i++) if (i !== r && receiver.sent[i] !== this.entries[i]!.version) chosen.push(i);
      if (chosen.length === 0) continue;
      send(receiver.id, this.message(receiver, chosen, now));
    }
  }

  private chooseByInterest(r: number, chosen: number[], policy: InterestPolicy): void {
    const count = this.entries.length;
    const receiver = this.entries[r]!;
    const radius2 = policy.nearRadius * policy.nearRadius;
    let nearCount = 0;
    for (let i = 0; i < count; i++) {
      this.isNear[i] = 0;
      if (i === r) continue;
      const other = this.entries[i]!;
      const dx = other.x - receiver.x;
      const dz = other.z - receiver.z;
      const d2 = dx * dx + dz * dz;
      this.distances[i] = d2;
      if (d2 <= radius2) this.near[nearCount++] = i;
    }
    const near = this.near.subarray(0, nearCount);
    if (nearCount > policy.maxNear) near.sort((a, b) => this.distances[a]! - this.distances[b]!);
    for (let k = 0; k < Math.min(nearCount, policy.maxNear); k++) {
      const i = near[k]!;
      this.isNear[i] = 1;
      if (receiver.sent[i] !== this.entries[i]!.version) chosen.push(i);
    }
    // Everyone else in turn, starting where the last tick stopped.
    let far = 0;
    let i = receiver.farCursor % Math.max(1, count);
    for (let step = 0; step < count && far < policy.farPerTick; step++, i = (i + 1) % count) {
      if (i === r || this.isNear[i] || receiver.sent[i] === this.entries[i]!.version) continue;
      chosen.push(i);
      far++;
    }
    receiver.farCursor = i;
  }

  private message(receiver: Entry, chosen: number[], now: number): Uint8Array {
    let length = POSES_HEADER_BYTES;
    for (const i of chosen) length += this.entries[i]!.record.byteLength;
    const message = new Uint8Array(length);
    const view = new DataView(message.buffer);
    view.setUint32(0, now % 2 ** 32, true);
    view.setUint16(4, chosen.length, true);
    let offset = POSES_HEADER_BYTES;
    for (const i of chosen) {
      const entry = this.entries[i]!;
      message.set(entry.record, offset);
      offset += entry.record.byteLength;
      receiver.sent[i] = entry.version;
    }
    return message;
  }

  private grow(): void {
    this.capacity *= 2;
    for (const entry of this.entries) {
      const sent = new Uint32Array(this.capacity);
      sent.set(entry.sent);
      entry.sent = sent;
    }
  }
}
