import { describe, expect, it } from 'vitest';
import type { ShowState } from '../../../../protocol/src/launch';
import { coverLift, cueAnnouncement, formatCountdown, hasReached, keynoteSeconds, nextCue, REVEAL_MS, screenContent, stageLights, turntableAngle } from './show';
import { isNewerShow } from '../../net/show-feed';

const show = (cue: ShowState['cue'], cueAt = 100_000, seq = 3): ShowState => ({ eventId: 'e1', cue, cueAt, seq, onStage: [], slowModeSeconds: 0 });

describe('the show as every page computes it', () => {
  it('follows the run of show in order', () => {
    expect(hasReached(show('keynote'), 'countdown')).toBe(true);
    expect(hasReached(show('keynote'), 'reveal')).toBe(false);
    expect(hasReached(undefined, 'scheduled')).toBe(false);
    expect(nextCue('doors')).toBe('countdown');
    expect(nextCue('closed')).toBeUndefined();
  });

  it('keeps the car covered until the reveal, lifts the cover over a few seconds, and has it gone for latecomers', () => {
    expect(coverLift(show('keynote'), 1e9)).toBe(0);
    expect(coverLift(show('reveal', 100_000), 100_000)).toBe(0);
    expect(coverLift(show('reveal', 100_000), 100_000 + REVEAL_MS / 2)).toBeCloseTo(0.5);
    expect(coverLift(show('reveal', 100_000), 100_000 + 60_000)).toBe(1);
    expect(coverLift(show('qa', 500_000), 0)).toBe(1);
  });

  it('turns the turntable from the reveal on, at the same angle on every page at the same server time', () => {
    expect(turntableAngle(show('countdown'), 123_456)).toBe(0);
    const angle = turntableAngle(show('reveal'), 123_456);
    expect(angle).toBeGreaterThan(0);
    expect(turntableAngle(show('after-party', 999), 123_456)).toBe(angle);
  });

  it('plays the keynote from the moment it was cued, so a latecomer joins mid-video', () => {
    expect(keynoteSeconds(show('keynote', 100_000), 142_500)).toBe(42.5);
    expect(keynoteSeconds(show('keynote', 100_000), 99_000)).toBe(0);
    expect(keynoteSeconds(show('reveal'), 142_500)).toBeUndefined();
  });

  it('dims the house for the keynote and brings the spots up at the reveal', () => {
    expect(stageLights(show('keynote')).house).toBeLessThan(stageLights(show('doors')).house);
    expect(stageLights(show('reveal')).spots).toBeGreaterThan(stageLights(show('keynote')).spots);
    expect(stageLights(undefined)).toEqual(stageLights(show('scheduled')));
  });

  it('counts down to the start on the screen during the countdown', () => {
    expect(formatCountdown(65_000)).toBe('01:05');
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatCountdown(400)).toBe('00:01');
    expect(formatCountdown(-5_000)).toBe('00:00');
    expect(screenContent(show('countdown'), 'Astrale GT', 200_000, 140_000)).toEqual({ kind: 'countdown', title: 'Astrale GT', remaining: '01:00' });
    expect(screenContent(show('keynote'), 'Astrale GT', 0, 0)).toEqual({ kind: 'keynote' });
    expect(screenContent(show('closed'), 'Astrale GT', 0, 0)).toMatchObject({ kind: 'title', line: 'Thank you for coming' });
  });

  it('announces each cue in words', () => {
    expect(cueAnnouncement(show('reveal'), 'Launch')).toMatch(/cover lifts/);
    expect(cueAnnouncement(undefined, 'Launch')).toBe('Launch: waiting for the show.');
  });

  it('drops a state that arrives after a newer one', () => {
    expect(isNewerShow(undefined, show('doors', 0, 1))).toBe(true);
    expect(isNewerShow(show('keynote', 0, 4), show('countdown', 0, 3))).toBe(false);
    expect(isNewerShow(show('keynote', 0, 4), show('keynote', 0, 4))).toBe(false);
    expect(isNewerShow(show('keynote', 0, 4), show('reveal', 0, 5))).toBe(true);
  });
});
