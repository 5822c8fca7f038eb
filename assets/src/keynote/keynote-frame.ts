import { lettering, num } from './lettering';

/** Options of {@link keynoteFrameSvg}. */
export interface KeynoteFrameOptions {
  /**
   * Length of the show in seconds. The show is timed for the default; a shorter show is its
   * beginning, a longer one holds the closing card.
   */
  seconds?: number;
  /** Size in pixels; the picture is drawn for 16:9 and scaled to fit. */
  width?: number;
  height?: number;
}

export const KEYNOTE_FRAME_DEFAULTS: Required<KeynoteFrameOptions> = {
  seconds: 24,
  width: 640,
  height: 360,
};

// The picture is designed on this canvas and scaled to the requested size.
const W = 640;
const H = 360;
const CX = W / 2;
const CY = H / 2;

const BRASS = '#c9a866';
const BRASS_LIGHT = '#ecd9a6';
const IVORY = '#f1eadb';
const MUTED = '#8a7a5c';

/** Scenes: [start, end) in seconds. */
const SCENES = {
  title: [0, 6],
  chapter: [6, 10],
  reveal: [10, 17],
  power: [17, 21.5],
  close: [21.5, Infinity],
} as const;

const HORSEPOWER = 720;

/**
 * The launch keynote, authored as a film: the SVG of the frame shown at `t` seconds, a pure
 * function of the time. A hairline and the marque's name, a new chapter, the reveal of the
 * Astrale GT, its power, and a closing card that fades so a loop restarts cleanly. The
 * pipeline (pipelines/src/keynote.ts) renders and encodes it.
 */
export function keynoteFrameSvg(t: number, options: KeynoteFrameOptions = {}): string {
  const o = { ...KEYNOTE_FRAME_DEFAULTS, ...options };
  const parts = [background(), titleScene(t), chapterScene(t), revealScene(t), powerScene(t), closeScene(t, o.seconds), chrome(t, o.seconds)];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMidYMid meet">` +
    parts.join('') +
    '</svg>'
  );
}

function background(): string {
  return (
    '<defs>' +
    '<radialGradient id="bg" cx="50%" cy="46%" r="75%">' +
    '<stop offset="0" stop-color="#1d1811"/><stop offset="0.45" stop-color="#0d0b08"/><stop offset="1" stop-color="#030303"/>' +
    '</radialGradient>' +
    '<linearGradient id="beam" x1="0" x2="1" y1="0" y2="0">' +
    `<stop offset="0" stop-color="${BRASS}" stop-opacity="0"/><stop offset="0.5" stop-color="${BRASS_LIGHT}"/><stop offset="1" stop-color="${BRASS}" stop-opacity="0"/>` +
    '</linearGradient>' +
    '<linearGradient id="beamv" x1="0" x2="0" y1="0" y2="1">' +
    `<stop offset="0" stop-color="${BRASS}" stop-opacity="0"/><stop offset="0.5" stop-color="${BRASS_LIGHT}"/><stop offset="1" stop-color="${BRASS}" stop-opacity="0"/>` +
    '</linearGradient>' +
    '<filter id="glow" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="4"/></filter>' +
    '</defs>' +
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`
  );
}

/** A hairline sweeps across, a ring opens behind the name, the name settles. */
function titleScene(t: number): string {
  const k = sceneOpacity(t, SCENES.title, 0, 0.6);
  if (k <= 0) return '';
  const sweep = easeInOut(clamp01(t / 1.6));
  const lineHalf = 250 * sweep;
  const ring = easeOut(clamp01((t - 0.6) / 5.4));
  const name = easeOut(clamp01((t - 1.2) / 1.2));
  const tracking = 0.95 - 0.3 * easeOut(clamp01((t - 1.2) / 4.8));
  const sub = easeOut(clamp01((t - 2.6) / 1));
  const head = CX - 250 + 500 * sweep;
  return group(k, [
    circle(CX, CY, 40 + 105 * ring, BRASS, 0.8, 0.35 * ring),
    circle(CX, CY, 40 + 120 * ring, BRASS, 0.5, 0.15 * ring),
    `<rect x="${num(CX - lineHalf)}" y="${CY + 24}" width="${num(2 * lineHalf)}" height="1" fill="url(#beam)"/>`,
    sweep < 1 ? `<circle cx="${num(head)}" cy="${CY + 24.5}" r="6" fill="${BRASS_LIGHT}" opacity="0.8" filter="url(#glow)"/>` : '',
    lettering('MARQUE', CX, CY + 10, { size: 34, tracking, weight: 2.2, anchor: 'middle', color: IVORY, opacity: name }),
    lettering('THE LAUNCH KEYNOTE', CX, CY + 52, { size: 9, tracking: 0.7, weight: 1.1, anchor: 'middle', color: BRASS, opacity: sub }),
  ]);
}

/** "A new chapter", framed by two rules that open from the centre. */
function chapterScene(t: number): string {
  const [start] = SCENES.chapter;
  const k = sceneOpacity(t, SCENES.chapter, 0.6, 0.6);
  if (k <= 0) return '';
  const rules = easeOut(clamp01((t - start) / 1.4));
  const words = easeOut(clamp01((t - start - 0.4) / 1));
  const half = 150 * rules;
  return group(k, [
    lettering('2025', CX, CY - 40, { size: 11, tracking: 0.9, weight: 1.2, anchor: 'middle', color: BRASS, opacity: words }),
    `<rect x="${num(CX - half)}" y="${CY - 26}" width="${num(2 * half)}" height="1" fill="url(#beam)"/>`,
    lettering('A NEW CHAPTER', CX, CY + 12, { size: 26, tracking: 0.45, weight: 1.8, anchor: 'middle', color: IVORY, opacity: words }),
    `<rect x="${num(CX - half)}" y="${CY + 30}" width="${num(2 * half)}" height="1" fill="url(#beam)"/>`,
  ]);
}

/** A vertical light passes over the car and leaves its line drawn; then its name. */
function revealScene(t: number): string {
  const [start] = SCENES.reveal;
  const k = sceneOpacity(t, SCENES.reveal, 0.4, 0.6);
  if (k <= 0) return '';
  const sweep = easeInOut(clamp01((t - start - 0.2) / 2.4));
  const edge = 110 + 420 * sweep;
  const name = easeOut(clamp01((t - start - 2.5) / 1.2));
  const year = easeOut(clamp01((t - start - 3.2) / 1));
  const parts = [
    `<clipPath id="reveal"><rect x="0" y="0" width="${num(edge)}" height="${H}"/></clipPath>`,
    `<g clip-path="url(#reveal)"><ellipse cx="${CX}" cy="${CY + 46}" rx="210" ry="6" fill="${BRASS}" opacity="0.14" filter="url(#glow)"/>${car(CX, CY + 20, 1.35)}</g>`,
  ];
  if (sweep > 0 && sweep < 1) {
    parts.push(`<rect x="${num(edge - 1)}" y="40" width="2" height="230" fill="url(#beamv)"/>`);
    parts.push(`<rect x="${num(edge - 6)}" y="70" width="12" height="170" fill="url(#beamv)" opacity="0.5" filter="url(#glow)"/>`);
  }
  parts.push(lettering('ASTRALE GT', CX, CY + 92, { size: 22, tracking: 0.55, weight: 1.7, anchor: 'middle', color: IVORY, opacity: name }));
  parts.push(lettering('2025', CX, CY + 116, { size: 10, tracking: 0.9, weight: 1.2, anchor: 'middle', color: BRASS, opacity: year }));
  return group(k, parts);
}

/** A gauge fills while the horsepower counts up. */
function powerScene(t: number): string {
  const [start] = SCENES.power;
  const k = sceneOpacity(t, SCENES.power, 0.5, 0.5);
  if (k <= 0) return '';
  const p = easeOut(clamp01((t - start - 0.3) / 2.7));
  const r = 92;
  const cy = CY - 6;
  const from = 135;
  const sweepDeg = 270;
  const ticks: string[] = [];
  for (let i = 0; i <= 10; i++) {
    const a = rad(from + (sweepDeg * i) / 10);
    const inner = i % 5 === 0 ? r - 14 : r - 9;
    const lit = i / 10 <= p + 1e-9;
    ticks.push(
      `<line x1="${num(CX + Math.cos(a) * inner)}" y1="${num(cy + Math.sin(a) * inner)}" x2="${num(CX + Math.cos(a) * (r - 4))}" y2="${num(cy + Math.sin(a) * (r - 4))}"` +
        ` stroke="${lit ? BRASS_LIGHT : MUTED}" stroke-width="1.2" opacity="${lit ? 0.9 : 0.35}"/>`,
    );
  }
  const value = Math.round(HORSEPOWER * p);
  const label = easeOut(clamp01((t - start - 2.4) / 0.8));
  return group(k, [
    arc(CX, cy, r, from, sweepDeg, MUTED, 1, 0.35),
    p > 0 ? `<g filter="url(#glow)" opacity="0.6">${arc(CX, cy, r, from, sweepDeg * p, BRASS, 3, 1)}</g>` : '',
    p > 0 ? arc(CX, cy, r, from, sweepDeg * p, BRASS_LIGHT, 1.6, 1) : '',
    ...ticks,
    lettering(String(value), CX, cy + 14, { size: 30, tracking: 0.2, weight: 2, anchor: 'middle', color: IVORY }),
    lettering('HP', CX, cy + 38, { size: 9, tracking: 0.8, weight: 1.1, anchor: 'middle', color: BRASS }),
    lettering('0-100 KM/H IN 2.9 S', CX, cy + 122, { size: 9, tracking: 0.55, weight: 1.1, anchor: 'middle', color: BRASS, opacity: label }),
  ]);
}

/** The name again, with the car and the year, and a slow fade so a loop restarts cleanly. */
function closeScene(t: number, seconds: number): string {
  const [start] = SCENES.close;
  const k = sceneOpacity(t, [start, Math.max(seconds, start + 1.2)], 0.6, 0.6);
  if (k <= 0) return '';
  const rule = easeOut(clamp01((t - start - 0.3) / 1.2));
  const sub = easeOut(clamp01((t - start - 0.8) / 1));
  return group(k, [
    lettering('MARQUE', CX, CY + 2, { size: 30, tracking: 0.65, weight: 2, anchor: 'middle', color: IVORY }),
    `<rect x="${num(CX - 120 * rule)}" y="${CY + 18}" width="${num(240 * rule)}" height="1" fill="url(#beam)"/>`,
    lettering('ASTRALE GT · 2025', CX, CY + 42, { size: 9, tracking: 0.7, weight: 1.1, anchor: 'middle', color: BRASS, opacity: sub }),
  ]);
}

/** What stays on screen: a small mark, the running timecode and a progress hairline. */
function chrome(t: number, seconds: number): string {
  const whole = Math.floor(t + 1e-6);
  const timecode = `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
  const progress = clamp01(t / seconds);
  return (
    lettering('MARQUE', 24, 30, { size: 7, tracking: 0.6, weight: 0.9, color: BRASS, opacity: 0.75 }) +
    lettering('LAUNCH', W - 24, 30, { size: 7, tracking: 0.6, weight: 0.9, anchor: 'end', color: MUTED, opacity: 0.75 }) +
    lettering(timecode, W - 24, H - 20, { size: 11, tracking: 0.25, weight: 1.3, anchor: 'end', color: BRASS, opacity: 0.9 }) +
    `<rect x="24" y="${H - 25.5}" width="${num((W - 120) * 1)}" height="1" fill="${MUTED}" opacity="0.25"/>` +
    `<rect x="24" y="${H - 25.5}" width="${num((W - 120) * progress)}" height="1" fill="${BRASS}" opacity="0.8"/>`
  );
}

/** A grand-touring coupé in profile, facing right, as one continuous line. */
function car(x: number, y: number, scale: number): string {
  const body =
    'M-150 4L-153 -12C-152 -20 -146 -24 -132 -26C-105 -30 -80 -47 -48 -53C-20 -58 10 -57 30 -50C45 -44 58 -37 78 -33' +
    'C110 -29 138 -25 150 -17C156 -12 157 -3 153 4L123 4A23 23 0 0 0 77 4L-77 4A23 23 0 0 0 -123 4Z';
  const glass = 'M-96 -31C-74 -42 -48 -50 -20 -51.5C4 -53 24 -48 42 -39C10 -36 -50 -33 -96 -31Z';
  const pillar = 'M-10 -51.8L-6 -35.4';
  const shoulder = 'M-148 -10C-80 -15 40 -18 150 -9';
  const wheel = (cx: number) => `<circle cx="${cx}" cy="4" r="19"/><circle cx="${cx}" cy="4" r="8" stroke-opacity="0.6"/>`;
  return (
    `<g transform="translate(${num(x)} ${num(y)}) scale(${num(scale)})" fill="none" stroke="${BRASS_LIGHT}" stroke-width="${num(1.3 / scale)}" stroke-linejoin="round" stroke-linecap="round">` +
    `<path d="${body}"/><path d="${glass}" stroke-opacity="0.7"/><path d="${pillar}" stroke-opacity="0.5"/><path d="${shoulder}" stroke-opacity="0.45"/>${wheel(-100)}${wheel(100)}` +
    '</g>'
  );
}

function group(opacity: number, parts: string[]): string {
  return `<g opacity="${num(opacity)}">${parts.join('')}</g>`;
}

function circle(cx: number, cy: number, r: number, color: string, width: number, opacity: number): string {
  return `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="none" stroke="${color}" stroke-width="${width}" opacity="${num(opacity)}"/>`;
}

/** An arc of `sweepDeg` degrees clockwise from `fromDeg` (0 = east, y down). */
function arc(cx: number, cy: number, r: number, fromDeg: number, sweepDeg: number, color: string, width: number, opacity: number): string {
  const a0 = rad(fromDeg);
  const a1 = rad(fromDeg + Math.max(sweepDeg, 0.01));
  const large = sweepDeg > 180 ? 1 : 0;
  const d = `M${num(cx + Math.cos(a0) * r)} ${num(cy + Math.sin(a0) * r)}A${r} ${r} 0 ${large} 1 ${num(cx + Math.cos(a1) * r)} ${num(cy + Math.sin(a1) * r)}`;
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}" stroke-linecap="round" opacity="${num(opacity)}"/>`;
}

/** 0 outside the scene, 1 inside, with linear fades at both ends. */
function sceneOpacity(t: number, [start, end]: readonly [number, number], fadeIn: number, fadeOut: number): number {
  if (t < start || t >= end) return 0;
  const inK = fadeIn > 0 ? clamp01((t - start) / fadeIn) : 1;
  const outK = Number.isFinite(end) && fadeOut > 0 ? clamp01((end - t) / fadeOut) : 1;
  return Math.min(inK, outK);
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

function easeOut(v: number): number {
  return 1 - (1 - v) ** 3;
}

function easeInOut(v: number): number {
  return v < 0.5 ? 4 * v ** 3 : 1 - (-2 * v + 2) ** 3 / 2;
}

function rad(deg: number): number {
  return (deg * Math.PI) / 180;
}
