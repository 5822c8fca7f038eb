import { BufferGeometry, CanvasTexture, Float32BufferAttribute, SRGBColorSpace } from 'three';
import { ZONE_IDS } from '../../../../protocol/src/zones';
import type { RoomName } from '../../net/world-connection';
import { canvasFont } from '../../i18n/fonts';
import type { PortalAnchor } from './portal-layout';

/** The atlas: one row per zone's name, and under them the doorway's glow. */
const ATLAS = { width: 1024, rowHeight: 80, glowTop: 400, height: 512 } as const;
/** The name's cap line on the sign board the environment builds over each lintel, metres above the doorway's foot. */
const SIGN_ABOVE_OPENING = 0.45;
const SIGN_HEIGHT = 0.26;
const SIGN_MAX_WIDTH = 1.7;
/** The glow stands just in front of the doorway's dark opening, the sign in front of its board. */
const GLOW_OUT = 0.05;
const SIGN_OUT = 0.065;

/** Where each zone's name is in the atlas: its row and the share of the width its letters take. */
export interface SignAtlas {
  texture: CanvasTexture;
  names: Readonly<Record<RoomName, { v0: number; v1: number; u0: number; u1: number; aspect: number }>>;
  glow: { v0: number; v1: number };
}

/**
 * Draws every zone's name (lit capitals, as the marque's signs are) and the doorway's glow —
 * warm light rising from the threshold — into one small texture the whole zone's doorways share,
 * so all of them are one draw.
 */
export function drawSignAtlas(labels: Readonly<Record<RoomName, string>>, language = 'en'): SignAtlas {
  const canvas = document.createElement('canvas');
  canvas.width = ATLAS.width;
  canvas.height = ATLAS.height;
  const g = canvas.getContext('2d')!;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.font = canvasFont('600 48px', 'serif', language);
  if ('letterSpacing' in g) (g as CanvasRenderingContext2D & { letterSpacing: string }).letterSpacing = '6px';
  const names = {} as Record<RoomName, SignAtlas['names'][RoomName]>;
  ZONE_IDS.forEach((zone, row) => {
    const text = labels[zone].toLocaleUpperCase(language);
    const y = row * ATLAS.rowHeight;
    g.shadowColor = 'rgba(255, 214, 150, 0.9)';
    g.shadowBlur = 14;
    g.fillStyle = '#fff3dc';
    const width = Math.min(ATLAS.width - 40, g.measureText(text).width + 24);
    g.fillText(text, ATLAS.width / 2, y + ATLAS.rowHeight / 2 + 2, ATLAS.width - 40);
    const u0 = (ATLAS.width - width) / 2 / ATLAS.width;
    names[zone] = { u0, u1: 1 - u0, v0: 1 - (y + ATLAS.rowHeight) / ATLAS.height, v1: 1 - y / ATLAS.height, aspect: width / ATLAS.rowHeight };
  });
  g.shadowBlur = 0;
  // The glow: brightest at the threshold and the middle, gone by the lintel. Clipped to its
  // band: compositing (the fade at the sides) would otherwise clear the names too.
  const top = ATLAS.glowTop;
  g.save();
  g.beginPath();
  g.rect(0, top, ATLAS.width, ATLAS.height - top);
  g.clip();
  const rise = g.createLinearGradient(0, ATLAS.height, 0, top);
  rise.addColorStop(0, 'rgba(255, 222, 168, 0.75)');
  rise.addColorStop(0.35, 'rgba(255, 214, 156, 0.32)');
  rise.addColorStop(1, 'rgba(255, 206, 140, 0.04)');
  g.fillStyle = rise;
  g.fillRect(0, top, ATLAS.width, ATLAS.height - top);
  const across = g.createLinearGradient(0, 0, ATLAS.width, 0);
  across.addColorStop(0, 'rgba(0, 0, 0, 0.25)');
  across.addColorStop(0.5, 'rgba(0, 0, 0, 1)');
  across.addColorStop(1, 'rgba(0, 0, 0, 0.25)');
  g.globalCompositeOperation = 'destination-in';
  g.fillStyle = across;
  g.fillRect(0, top, ATLAS.width, ATLAS.height - top);
  g.restore();
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  return { texture, names, glow: { v0: 0, v1: 1 - (top + 2) / ATLAS.height } };
}

/** Triangles each doorway has in {@link signGeometry}: its glow, then its name. */
export const TRIANGLES_PER_PORTAL = 4;

/**
 * One geometry for a zone's doorways, in world space: per doorway a glow across its opening
 * and its destination's name over it, {@link TRIANGLES_PER_PORTAL} triangles each in the
 * doorways' order (a hit's face index says which doorway it was).
 */
export function signGeometry(portals: readonly PortalAnchor[], atlas: SignAtlas): BufferGeometry {
  const positions: number[] = [];
  const uvs: number[] = [];
  const indices: number[] = [];
  const quad = (portal: PortalAnchor, x0: number, x1: number, y0: number, y1: number, out: number, u: [number, number], v: [number, number]) => {
    const [px, py, pz] = portal.position;
    const c = Math.cos(portal.facing);
    const s = Math.sin(portal.facing);
    const base = positions.length / 3;
    // Across the doorway (its +X turned by the facing) and out from the wall (its +Z).
    for (const [x, y, uu, vv] of [
      [x0, y0, u[0], v[0]],
      [x1, y0, u[1], v[0]],
      [x1, y1, u[1], v[1]],
      [x0, y1, u[0], v[1]],
    ] as const) {
      positions.push(px + x * c + out * s, py + y, pz - x * s + out * c);
      uvs.push(uu, vv);
    }
    indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  };
  for (const portal of portals) {
    const half = portal.width / 2;
    quad(portal, -half, half, 0, portal.height, GLOW_OUT, [0, 1], [atlas.glow.v0, atlas.glow.v1]);
    const name = atlas.names[portal.to];
    const width = Math.min(SIGN_MAX_WIDTH, SIGN_HEIGHT * name.aspect);
    const height = width / name.aspect;
    const y = portal.height + SIGN_ABOVE_OPENING;
    quad(portal, -width / 2, width / 2, y - height / 2, y + height / 2, SIGN_OUT, [name.u0, name.u1], [name.v0, name.v1]);
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(positions, 3));
  geometry.setAttribute('uv', new Float32BufferAttribute(uvs, 2));
  geometry.setIndex(indices);
  geometry.computeBoundingSphere();
  return geometry;
}
