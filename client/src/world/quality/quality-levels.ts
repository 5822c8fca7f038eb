import type { TargetName } from '../shared/manifest';

/** Names of the quality levels, lowest first. */
export type QualityName = 'low' | 'medium' | 'high' | 'ultra';

/** What one quality level draws. */
export interface QualityLevel {
  name: QualityName;
  /** Most device pixels drawn per CSS pixel (never more than the screen has); left to the XR layer in a session. */
  dpr: number;
  /** Whether the key light casts shadows from the cars (never in XR). */
  shadows: boolean;
  /** Level of detail the cars are shown at: 0 the full asset, 1 its first LOD (about half the triangles). */
  lodBias: number;
  /**
   * Whether the canvas is multisampled (MSAA). A WebGL context keeps what it was made with, so the
   * level the page starts at decides it: a page pinned at `low` (or a device that starts there)
   * saves the samples' fill and resolve, a quarter or more of a frame where the GPU is slow.
   */
  antialias: boolean;
}

/** The quality levels, lowest first; a target's profile says which of them it may use. */
export const QUALITY_LEVELS: readonly QualityLevel[] = [
  { name: 'low', dpr: 0.75, shadows: false, lodBias: 1, antialias: false },
  { name: 'medium', dpr: 1, shadows: false, lodBias: 0, antialias: true },
  { name: 'high', dpr: 1.5, shadows: false, lodBias: 0, antialias: true },
  { name: 'ultra', dpr: 2, shadows: true, lodBias: 0, antialias: true },
];

/**
 * How quality adapts on one target: the levels it may use, where it starts, the frame rate it
 * aims at and how readily it changes level.
 */
export interface QualityProfile {
  /** Lowest and highest level (indices into {@link QUALITY_LEVELS}) and the one to start at. */
  lowest: number;
  highest: number;
  start: number;
  /** The aimed frame rate is the display's (the best measured), held within these. */
  minHz: number;
  maxHz: number;
  /** Below this share of the aimed rate, the level steps down. */
  lowerShare: number;
  /** Above this share it may step up; between the two it holds (the dead band). */
  upperShare: number;
  /** Verdicts "faster than the upper bound" in a row before one step up (down takes one). */
  inclinesToStepUp: number;
  /** Reversals of direction after which the level stays where it is, at the lower of the two. */
  maxFlips: number;
}

/**
 * Per target: a desktop may go up to shadows at twice the CSS resolution; a phone stops at 1.5
 * and aims at 60 Hz even on a faster screen (its battery); a headset aims at the 72–90 Hz the
 * XR store asks for and steps down sooner, since a missed frame in a headset is felt.
 */
export const QUALITY_PROFILES: Record<TargetName, QualityProfile> = {
  desktop: { lowest: 0, highest: 3, start: 2, minHz: 60, maxHz: 120, lowerShare: 0.75, upperShare: 0.92, inclinesToStepUp: 2, maxFlips: 4 },
  mobile: { lowest: 0, highest: 2, start: 1, minHz: 60, maxHz: 60, lowerShare: 0.75, upperShare: 0.92, inclinesToStepUp: 2, maxFlips: 4 },
  quest: { lowest: 0, highest: 2, start: 1, minHz: 72, maxHz: 90, lowerShare: 0.85, upperShare: 0.95, inclinesToStepUp: 3, maxFlips: 3 },
};

/**
 * Frame rates below which the level steps down and above which it may step up, given the best
 * rate measured so far (drei's PerformanceMonitor's `refreshrate`).
 */
export function qualityBounds(profile: QualityProfile, refreshRate: number): [lower: number, upper: number] {
  const aimed = Math.min(profile.maxHz, Math.max(profile.minHz, refreshRate));
  return [aimed * profile.lowerShare, aimed * profile.upperShare];
}

/** Where the adaptation stands. */
export interface QualityState {
  /** Index into {@link QUALITY_LEVELS}. */
  level: number;
  /** "Faster" verdicts in a row since the last change. */
  inclines: number;
  /** Direction of the last change (0 before any). */
  lastStep: -1 | 0 | 1;
  /** Reversals of direction so far. */
  flips: number;
  /** True once the level stays put (too many reversals, or pinned). */
  settled: boolean;
}

/** A measurement window's verdict: faster than the upper bound, or slower than the lower one. */
export type QualityVerdict = 'incline' | 'decline';

/** The state to start from: the profile's start level, or `pinned` (which then never changes). */
export function initialQuality(profile: QualityProfile, pinned?: number): QualityState {
  return { level: pinned ?? profile.start, inclines: 0, lastStep: 0, flips: 0, settled: pinned !== undefined };
}

/**
 * The next state after a verdict, with hysteresis: one "slower" verdict steps down at once (a
 * stutter is worse than a softer picture), stepping up takes `inclinesToStepUp` in a row, the
 * profile's bounds are never left, and after `maxFlips` reversals the level stays at the lower
 * of the two it went between.
 */
export function stepQuality(state: QualityState, verdict: QualityVerdict, profile: QualityProfile): QualityState {
  if (state.settled) return state;
  if (verdict === 'decline') {
    if (state.level <= profile.lowest) return { ...state, inclines: 0 };
    const flips = state.lastStep === 1 ? state.flips + 1 : state.flips;
    return { level: state.level - 1, inclines: 0, lastStep: -1, flips, settled: flips >= profile.maxFlips };
  }
  const inclines = state.inclines + 1;
  if (state.level >= profile.highest || inclines < profile.inclinesToStepUp) return { ...state, inclines };
  const flips = state.lastStep === -1 ? state.flips + 1 : state.flips;
  if (flips >= profile.maxFlips) return { ...state, inclines: 0, flips, settled: true };
  return { level: state.level + 1, inclines: 0, lastStep: 1, flips, settled: false };
}

/** What the renderer does at a level on this device: the XR layer owns resolution in a session, and shadows stay off there. */
export function qualitySettings(level: number, { deviceDpr, inXR }: { deviceDpr: number; inXR: boolean }): { dpr: number; shadows: boolean; lodBias: number } {
  const chosen = QUALITY_LEVELS[level]!;
  return { dpr: Math.max(0.5, Math.min(chosen.dpr, deviceDpr)), shadows: chosen.shadows && !inXR, lodBias: chosen.lodBias };
}

/** The level `?quality=` pins (tests, comparisons, a visitor who wants one), if it names one. */
export function pinnedQuality(search: string): number | undefined {
  const asked = new URLSearchParams(search).get('quality');
  const index = QUALITY_LEVELS.findIndex((level) => level.name === asked);
  return index >= 0 ? index : undefined;
}
