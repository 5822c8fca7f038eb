import { type Object3D, Quaternion, Vector3 } from 'three';
import { ZONE_IDS } from '../../../../protocol/src/zones';
import type { RoomName } from '../../net/world-connection';

/** A doorway to another zone, as the zone's environment places it (`anchor_portal_<to>`). */
export interface PortalAnchor {
  /** The zone it leads to. */
  to: RoomName;
  /** The foot of the doorway, on the wall's face, in world space. */
  position: readonly [number, number, number];
  /** The direction it looks into the room, radians about +Y (0 looks down +Z, like an anchor's own +Z). */
  facing: number;
  /** The opening's width and height, metres. */
  width: number;
  height: number;
}

/** Where a visitor stands and looks, on the floor: `yaw` radians about +Y, 0 looking down −Z (the camera's convention). */
export interface Pose {
  position: [number, number, number];
  yaw: number;
}

/** How close to the wall, in metres, walking into a doorway takes a visitor through (the walk bounds stop them ~0.7 m short). */
export const PORTAL_REACH = 1.2;
/** How far in front of a doorway a visitor arrives, metres: outside its reach, with the doorway in view behind them. */
export const ARRIVAL_DISTANCE = 2.5;

const ZONES: readonly string[] = ZONE_IDS;
const scratchPosition = new Vector3();
const scratchQuaternion = new Quaternion();
const scratchForward = new Vector3();
const scratchLocal = { across: 0, out: 0 };

/** The doorways an environment's graph marks (`extras.marque.anchor === 'portal'`), in world space, sorted by destination. */
export function readPortals(root: Object3D): PortalAnchor[] {
  root.updateMatrixWorld(true);
  const portals: PortalAnchor[] = [];
  root.traverse((object) => {
    const marque = object.userData.marque as { anchor?: string; to?: string; width?: number; height?: number } | undefined;
    if (marque?.anchor !== 'portal' || !marque.to || !ZONES.includes(marque.to)) return;
    object.getWorldPosition(scratchPosition);
    scratchForward.set(0, 0, 1).applyQuaternion(object.getWorldQuaternion(scratchQuaternion));
    portals.push({
      to: marque.to as RoomName,
      position: [scratchPosition.x, scratchPosition.y, scratchPosition.z],
      facing: Math.atan2(scratchForward.x, scratchForward.z),
      width: marque.width ?? 1.4,
      height: marque.height ?? 2.5,
    });
  });
  return portals.sort((a, b) => ZONES.indexOf(a.to) - ZONES.indexOf(b.to));
}

/**
 * A point in a doorway's own frame: `x` across the opening (right as one faces the door),
 * `z` out from the wall into the room.
 */
function local(portal: PortalAnchor, x: number, z: number): { across: number; out: number } {
  const dx = x - portal.position[0];
  const dz = z - portal.position[2];
  const s = Math.sin(portal.facing);
  const c = Math.cos(portal.facing);
  // Asked every frame for every doorway: one result, rewritten.
  scratchLocal.across = dx * c - dz * s;
  scratchLocal.out = dx * s + dz * c;
  return scratchLocal;
}


/**
 * The doorway a visitor standing at (x, z) has walked into: within its opening's width and
 * {@link PORTAL_REACH} of the wall. −1 when none.
 */
export function portalAt(portals: readonly PortalAnchor[], x: number, z: number): number {
  for (let i = 0; i < portals.length; i++) {
    const portal = portals[i]!;
    const { across, out } = local(portal, x, z);
    if (Math.abs(across) <= portal.width / 2 && out > -0.5 && out <= PORTAL_REACH) return i;
  }
  return -1;
}

/**
 * The doorway a ray (a click, a tap, a controller) points at: through its opening or the sign
 * above it, from the room's side, within `maxDistance`. The nearest one; −1 when none.
 */
export function pickPortal(
  portals: readonly PortalAnchor[],
  origin: { x: number; y: number; z: number },
  direction: { x: number; y: number; z: number },
  maxDistance = 30,
): number {
  let best = -1;
  let nearest = maxDistance;
  portals.forEach((portal, i) => {
    const nx = Math.sin(portal.facing);
    const nz = Math.cos(portal.facing);
    // The ray must travel towards the wall (against the doorway's facing).
    const towards = direction.x * nx + direction.z * nz;
    if (towards >= -1e-6) return;
    const t = -((origin.x - portal.position[0]) * nx + (origin.z - portal.position[2]) * nz) / towards;
    if (t < 0 || t > nearest) return;
    const hx = origin.x + direction.x * t;
    const hy = origin.y + direction.y * t - portal.position[1];
    const hz = origin.z + direction.z * t;
    const { across } = local(portal, hx, hz);
    // The opening and its sign board, which stands about 0.6 m over it.
    if (Math.abs(across) > portal.width / 2 + 0.1 || hy < 0 || hy > portal.height + 0.7) return;
    best = i;
    nearest = t;
  });
  return best;
}

/**
 * Where a visitor arrives by a doorway: {@link ARRIVAL_DISTANCE} in front of it, on its floor,
 * looking into the room (`away`: they came through it) or at it (`towards`: they turned back,
 * refused on the other side).
 */
export function arrivalPose(portal: PortalAnchor, look: 'away' | 'towards' = 'away'): Pose {
  const s = Math.sin(portal.facing);
  const c = Math.cos(portal.facing);
  // A camera with yaw θ looks along (−sin θ, −cos θ): looking along the facing is θ = facing + π.
  const yaw = look === 'away' ? portal.facing + Math.PI : portal.facing;
  return {
    position: [portal.position[0] + s * ARRIVAL_DISTANCE, portal.position[1], portal.position[2] + c * ARRIVAL_DISTANCE],
    yaw: Math.atan2(Math.sin(yaw), Math.cos(yaw)),
  };
}
