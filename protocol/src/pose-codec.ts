/**
 * The binary avatar-pose format shared by the server and the client: a head and up to two
 * hands, positions quantised to millimetres and rotations to 32 bits ("smallest three").
 * Poses travel as raw bytes (Colyseus `sendBytes`), never through msgpack, so a pose costs
 * 11 bytes from a desktop or phone and 31 from a headset with both hands.
 *
 * Uplink (`pose`, client → server): one pose record.
 * Downlink (`poses`, server → client): `u32 serverTimeMs` (Date.now() mod 2³²), `u16 count`,
 * then `count` × (`u16 slot`, pose record). All little-endian.
 *
 * Pose record: `u8 flags` (bit 0 left hand, bit 1 right hand, other bits zero),
 * head (`i16 x, y, z` in mm, `u32` rotation), then each present hand
 * (`i16 x, y, z` in mm relative to the head, `u32` rotation).
 */

/** A position and a unit quaternion, in the room's metres. */
export interface Transform {
  x: number;
  y: number;
  z: number;
  qx: number;
  qy: number;
  qz: number;
  qw: number;
}

/** What a visitor's body is doing: the head, and the hands of a headset's controllers or hand tracking. */
export interface AvatarPose {
  head: Transform;
  left?: Transform;
  right?: Transform;
}

const FLAG_LEFT = 1;
const FLAG_RIGHT = 2;
const KNOWN_FLAGS = FLAG_LEFT | FLAG_RIGHT;
const PART_BYTES = 10;
/** Largest coordinate a pose can carry, in metres (an i16 of millimetres). */
export const MAX_COORDINATE = 32.767;
/** How far a hand may be from the head, in metres; a hand further away is pulled back to this reach. */
export const MAX_HAND_REACH = 1.2;
/** Bytes of the downlink header: server time and record count. */
export const POSES_HEADER_BYTES = 6;
/** Most bytes one avatar's downlink record takes (slot and a pose with both hands). */
export const MAX_RECORD_BYTES = 2 + 1 + 3 * PART_BYTES;

/** Bytes a pose record with these hands takes. */
export function poseRecordBytes(pose: AvatarPose): number {
  return 1 + PART_BYTES * (1 + (pose.left ? 1 : 0) + (pose.right ? 1 : 0));
}

/** Encodes one pose record (the uplink message), hands relative to the head and clamped to reach. */
export function encodePose(pose: AvatarPose): Uint8Array {
  const bytes = new Uint8Array(poseRecordBytes(pose));
  writePose(new DataView(bytes.buffer), 0, pose);
  return bytes;
}

/** Writes a pose record at `offset`; returns the offset after it. */
export function writePose(view: DataView, offset: number, pose: AvatarPose): number {
  view.setUint8(offset, (pose.left ? FLAG_LEFT : 0) | (pose.right ? FLAG_RIGHT : 0));
  offset = writePart(view, offset + 1, pose.head, undefined);
  if (pose.left) offset = writePart(view, offset, pose.left, pose.head);
  if (pose.right) offset = writePart(view, offset, pose.right, pose.head);
  return offset;
}

/** Why a pose record was refused. */
export class PoseFormatError extends Error {
  override name = 'PoseFormatError';
}

/**
 * Decodes one pose record that must fill `bytes` exactly.
 * @throws PoseFormatError when the length, the flags or a rotation is not a valid record.
 */
export function decodePose(bytes: Uint8Array): AvatarPose {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 1) throw new PoseFormatError('pose: empty message');
  const flags = view.getUint8(0);
  if ((flags & ~KNOWN_FLAGS) !== 0) throw new PoseFormatError(`pose: unknown flags 0b${flags.toString(2)}`);
  const expected = 1 + PART_BYTES * (1 + (flags & FLAG_LEFT ? 1 : 0) + (flags & FLAG_RIGHT ? 1 : 0));
  if (bytes.byteLength !== expected) {
    throw new PoseFormatError(`pose: ${bytes.byteLength} bytes, but its flags announce ${expected}`);
  }
  const { pose } = readPose(view, 0);
  return pose;
}

/** Reads a pose record at `offset`; returns it and the offset after it. */
export function readPose(view: DataView, offset: number): { pose: AvatarPose; offset: number } {
  const flags = view.getUint8(offset);
  const head = readPart(view, offset + 1, undefined);
  offset += 1 + PART_BYTES;
  const pose: AvatarPose = { head };
  if (flags & FLAG_LEFT) {
    pose.left = readPart(view, offset, head);
    offset += PART_BYTES;
  }
  if (flags & FLAG_RIGHT) {
    pose.right = readPart(view, offset, head);
    offset += PART_BYTES;
  }
  return { pose, offset };
}

/** One avatar's entry in a `poses` message. */
export interface SlotPose {
  slot: number;
  pose: AvatarPose;
}

/** Decodes a downlink `poses` message. */
export function decodePoses(bytes: Uint8Array): { serverTime: number; poses: SlotPose[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const serverTime = view.getUint32(0, true);
  const count = view.getUint16(4, true);
  const poses: SlotPose[] = [];
  let offset = POSES_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const slot = view.getUint16(offset, true);
    const read = readPose(view, offset + 2);
    poses.push({ slot, pose: read.pose });
    offset = read.offset;
  }
  return { serverTime, poses };
}

function writePart(view: DataView, offset: number, part: Transform, head: Transform | undefined): number {
  let x = part.x;
  let y = part.y;
  let z = part.z;
  if (head) {
    x -= head.x;
    y -= head.y;
    z -= head.z;
    const reach = Math.hypot(x, y, z);
    if (reach > MAX_HAND_REACH) {
      const k = MAX_HAND_REACH / reach;
      x *= k;
      y *= k;
      z *= k;
    }
  }
  view.setInt16(offset, toMillimetres(x), true);
  view.setInt16(offset + 2, toMillimetres(y), true);
  view.setInt16(offset + 4, toMillimetres(z), true);
  view.setUint32(offset + 6, packQuaternion(part.qx, part.qy, part.qz, part.qw), true);
  return offset + PART_BYTES;
}

function readPart(view: DataView, offset: number, head: Transform | undefined): Transform {
  const part = unpackQuaternion(view.getUint32(offset + 6, true)) as Transform;
  part.x = view.getInt16(offset, true) / 1000 + (head?.x ?? 0);
  part.y = view.getInt16(offset + 2, true) / 1000 + (head?.y ?? 0);
  part.z = view.getInt16(offset + 4, true) / 1000 + (head?.z ?? 0);
  return part;
}

function toMillimetres(metres: number): number {
  const mm = Math.round(metres * 1000);
  return Number.isFinite(mm) ? Math.max(-32767, Math.min(32767, mm)) : 0;
}

const COMPONENT_RANGE = Math.SQRT1_2;
const COMPONENT_STEPS = 1023;

/**
 * Packs a rotation into 32 bits: the index of its largest component (2 bits), then the other
 * three (10 bits each, in ±1/√2). The largest is rebuilt from the unit length. A zero or
 * non-finite quaternion packs as the identity.
 */
export function packQuaternion(qx: number, qy: number, qz: number, qw: number): number {
  const length = Math.hypot(qx, qy, qz, qw);
  if (!Number.isFinite(length) || length < 1e-6) return packQuaternion(0, 0, 0, 1);
  const q = [qx / length, qy / length, qz / length, qw / length];
  let largest = 0;
  for (let i = 1; i < 4; i++) if (Math.abs(q[i]!) > Math.abs(q[largest]!)) largest = i;
  const sign = q[largest]! < 0 ? -1 : 1;
  let packed = largest;
  for (let i = 0; i < 4; i++) {
    if (i === largest) continue;
    const unit = (q[i]! * sign) / COMPONENT_RANGE;
    const quantised = Math.round(((Math.max(-1, Math.min(1, unit)) + 1) / 2) * COMPONENT_STEPS);
    packed = packed * 1024 + quantised;
  }
  return packed >>> 0;
}

/** Inverse of {@link packQuaternion}; always returns a unit quaternion. */
export function unpackQuaternion(packed: number): { qx: number; qy: number; qz: number; qw: number } {
  const largest = packed >>> 30;
  const q = [0, 0, 0, 0];
  let rest = packed;
  let sumSquares = 0;
  for (let i = 3; i >= 0; i--) {
    if (i === largest) continue;
    const value = ((rest & 1023) / COMPONENT_STEPS) * 2 - 1;
    rest >>>= 10;
    q[i] = value * COMPONENT_RANGE;
    sumSquares += q[i]! * q[i]!;
  }
  q[largest] = Math.sqrt(Math.max(0, 1 - sumSquares));
  const length = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!);
  return { qx: q[0]! / length, qy: q[1]! / length, qz: q[2]! / length, qw: q[3]! / length };
}
