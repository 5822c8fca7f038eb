import { pickTarget, type TargetName } from '../shared/manifest';
import { initialQuality, pinnedQuality, QUALITY_LEVELS, QUALITY_PROFILES, type QualityName, type QualityState, type QualityVerdict, stepQuality } from './quality-levels';

/** The world's quality as the page shows it (`window.marque.quality`), replaced on every change. */
export interface QualitySnapshot {
  target: TargetName;
  level: QualityName;
  /** Level of detail the cars are shown at (0: full). */
  lodBias: number;
  /** Whether `?quality=` pinned the level. */
  pinned: boolean;
  /** True once the level no longer adapts (pinned, or it went back and forth too often). */
  settled: boolean;
  /** The last measured frame rate and the bounds it was judged against, once measured. */
  fps?: number;
  bounds?: [number, number];
  /** The level's changes so far, oldest first. */
  steps: { from: QualityName; to: QualityName; fps: number; at: number }[];
}

const target = pickTarget();
const profile = QUALITY_PROFILES[target];
const pinned = pinnedQuality(location.search);
let state: QualityState = initialQuality(profile, pinned);
let snapshot: QualitySnapshot = {
  target,
  level: QUALITY_LEVELS[state.level]!.name,
  lodBias: QUALITY_LEVELS[state.level]!.lodBias,
  pinned: pinned !== undefined,
  settled: state.settled,
  steps: [],
};
const listeners = new Set<() => void>();

/** The current quality (stable between changes, for `useSyncExternalStore`). */
export function getQuality(): QualitySnapshot {
  return snapshot;
}

/** The current level's index into {@link QUALITY_LEVELS}. */
export function qualityLevel(): number {
  return state.level;
}

/** Calls `listener` after every change of the quality; returns the unsubscribe. */
export function subscribeQuality(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Applies a measurement window's verdict (this target's profile decides), recording the frame rate it saw. */
export function judgeQuality(verdict: QualityVerdict, fps: number, bounds: [number, number]): void {
  const next = stepQuality(state, verdict, profile);
  const from = QUALITY_LEVELS[state.level]!.name;
  const to = QUALITY_LEVELS[next.level]!.name;
  state = next;
  snapshot = {
    ...snapshot,
    level: to,
    lodBias: QUALITY_LEVELS[next.level]!.lodBias,
    settled: next.settled,
    fps,
    bounds,
    steps: from === to ? snapshot.steps : [...snapshot.steps, { from, to, fps, at: Math.round(performance.now()) }],
  };
  listeners.forEach((listener) => listener());
}

/** This target's profile (bounds, levels), for the frame-rate monitor. */
export const qualityProfile = profile;
