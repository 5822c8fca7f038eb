import { describe, expect, it } from 'vitest';
import {
  initialQuality,
  pinnedQuality,
  QUALITY_LEVELS,
  QUALITY_PROFILES,
  qualityBounds,
  qualitySettings,
  type QualityProfile,
  type QualityVerdict,
  stepQuality,
} from './quality-levels';

/** The verdict drei's PerformanceMonitor gives a window of frames at `fps` with these bounds (none inside the dead band). */
function verdictAt(profile: QualityProfile, fps: number, refreshRate = 60): QualityVerdict | undefined {
  const [lower, upper] = qualityBounds(profile, refreshRate);
  return fps < lower ? 'decline' : fps > upper ? 'incline' : undefined;
}

/** The level after windows at these frame rates, from the profile's start. */
function levelAfter(profile: QualityProfile, rates: number[], refreshRate?: number): string {
  let state = initialQuality(profile);
  for (const fps of rates) {
    const verdict = verdictAt(profile, fps, refreshRate);
    if (verdict) state = stepQuality(state, verdict, profile);
  }
  return QUALITY_LEVELS[state.level]!.name;
}

const desktop = QUALITY_PROFILES.desktop;

describe('adaptive quality', () => {
  it('aims at the display rate within the target’s range', () => {
    expect(qualityBounds(desktop, 60)).toEqual([45, 55.2]);
    // A slow machine still aims at 60, a 144 Hz screen at 120.
    expect(qualityBounds(desktop, 8)).toEqual([45, 55.2]);
    expect(qualityBounds(desktop, 144)[0]).toBe(90);
    // A phone aims at 60 even on a 120 Hz screen; a headset at 72 and steps down sooner.
    expect(qualityBounds(QUALITY_PROFILES.mobile, 120)).toEqual([45, 55.2]);
    expect(qualityBounds(QUALITY_PROFILES.quest, 72)[0]).toBeCloseTo(61.2);
  });

  it('holds its level while frames come between the bounds (the dead band)', () => {
    expect(levelAfter(desktop, [50, 48, 52, 47, 50, 55])).toBe('high');
    expect(levelAfter(QUALITY_PROFILES.quest, [66, 64, 68], 72)).toBe('medium');
  });

  it('steps down one level per slow window, never below the lowest', () => {
    expect(levelAfter(desktop, [30])).toBe('medium');
    expect(levelAfter(desktop, [30, 30])).toBe('low');
    expect(levelAfter(desktop, [30, 30, 20, 10, 5])).toBe('low');
  });

  it('steps up only after fast windows in a row, never above the highest', () => {
    expect(levelAfter(desktop, [60])).toBe('high');
    expect(levelAfter(desktop, [60, 60])).toBe('ultra');
    expect(levelAfter(desktop, [60, 60, 60, 60, 60, 60])).toBe('ultra');
    // A window in the dead band does not break the run; a slow one does.
    expect(levelAfter(desktop, [30, 60, 30, 60])).toBe('low');
    // Mobile stops at high, the headset too.
    expect(levelAfter(QUALITY_PROFILES.mobile, [60, 60, 60, 60, 60, 60])).toBe('high');
  });

  it('stops going back and forth: after enough reversals it stays at the lower level', () => {
    const profile = desktop;
    let state = initialQuality(profile);
    const rates = [30, 60, 60, 30, 60, 60, 30, 60, 60, 30, 60, 60, 60, 60];
    for (const fps of rates) state = stepQuality(state, verdictAt(profile, fps)!, profile);
    expect(state.settled).toBe(true);
    expect(QUALITY_LEVELS[state.level]!.name).toBe('medium');
  });

  it('applies a level: the pixel ratio within the screen’s, no shadows and no pixel ratio of its own in XR', () => {
    expect(qualitySettings(3, { deviceDpr: 1, inXR: false })).toEqual({ dpr: 1, shadows: true, lodBias: 0 });
    expect(qualitySettings(3, { deviceDpr: 3, inXR: false }).dpr).toBe(2);
    expect(qualitySettings(0, { deviceDpr: 2, inXR: false })).toEqual({ dpr: 0.75, shadows: false, lodBias: 1 });
    expect(qualitySettings(3, { deviceDpr: 1, inXR: true }).shadows).toBe(false);
  });

  it('draws without multisampling only at the lowest level', () => {
    expect(QUALITY_LEVELS.filter((level) => !level.antialias).map((level) => level.name)).toEqual(['low']);
  });

  it('can be pinned with ?quality=', () => {
    expect(pinnedQuality('?quality=low')).toBe(0);
    expect(pinnedQuality('?quality=best')).toBeUndefined();
    const pinned = initialQuality(desktop, 0);
    expect(stepQuality(pinned, 'incline', desktop)).toBe(pinned);
  });
});
