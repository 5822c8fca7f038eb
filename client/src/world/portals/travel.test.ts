import { Scene } from 'three';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The zone's loading state picks the asset target from the page's address and screen as it loads.
vi.hoisted(() => {
  if (typeof location === 'undefined') Object.assign(globalThis, { location: { search: '' } });
  if (typeof matchMedia === 'undefined') Object.assign(globalThis, { matchMedia: () => ({ matches: false }) });
  if (typeof screen === 'undefined') Object.assign(globalThis, { screen: { width: 1280, height: 800 } });
});
import { zoneLoading } from '../zone/zone-loading';
import type { PortalAnchor } from './portal-layout';
import { Travel } from './travel';
import { trip } from './trip';

const MUSEUM_DOORS: PortalAnchor[] = [
  { to: 'factory', position: [-9.94, 0, 16], facing: Math.PI / 2, width: 1.4, height: 2.5 },
  { to: 'garage', position: [-9.94, 0, -16], facing: Math.PI / 2, width: 1.4, height: 2.5 },
];
const FACTORY_DOORS: PortalAnchor[] = [{ to: 'museum', position: [-24, 0, 7], facing: Math.PI / 2, width: 1.4, height: 2.5 }];

/** The zone as the scene reports it once shown. */
function shown(zone: 'museum' | 'factory' | 'garage') {
  zoneLoading.begin(zone);
  zoneLoading.warming(zone);
  zoneLoading.shown({ zone, warmMs: 1, textures: 0, programs: 0 });
}

describe('Travel', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    trip.arrival = undefined;
  });
  afterEach(() => vi.useRealTimers());

  it('fades out, changes zone, arrives in front of the doorway back and fades in once the room and the zone are in', () => {
    const travel = new Travel({ fadeOut: 300, fadeIn: 400, maxWait: 8000 });
    const go = vi.fn();
    trip.go = go;
    travel.attach(new Scene());
    travel.arrive('museum', MUSEUM_DOORS);
    expect(travel.through('museum', 'factory')).toBe(true);
    expect(travel.phase).toBe('leaving');
    // A second doorway while the first trip is under way is ignored.
    expect(travel.through('museum', 'garage')).toBe(false);
    vi.advanceTimersByTime(300);
    expect(go).toHaveBeenCalledWith('factory');
    expect(travel.phase).toBe('waiting');

    travel.arrive('factory', FACTORY_DOORS);
    expect(trip.arrival?.position[0]).toBeCloseTo(-21.5);
    // Looking into the factory (east), away from the doorway.
    expect(-Math.sin(trip.arrival!.yaw)).toBeCloseTo(1);
    travel.settled();
    expect(travel.phase).toBe('waiting');
    shown('factory');
    expect(travel.phase).toBe('arriving');
    vi.advanceTimersByTime(400);
    expect(travel.phase).toBe('idle');
    expect(trip.arrival).toBeUndefined();
    expect(travel.trips).toBe(1);
  });

  it('stands a visitor turned back by the room where they were, facing the doorway they took', () => {
    const travel = new Travel();
    trip.go = () => {};
    travel.arrive('museum', MUSEUM_DOORS);
    travel.through('museum', 'garage');
    vi.advanceTimersByTime(1000);
    // The garage refused: the app sends them back to the museum.
    travel.arrive('museum', MUSEUM_DOORS);
    const pose = trip.arrival!;
    expect(pose.position[2]).toBeCloseTo(-16);
    expect(pose.position[0]).toBeCloseTo(-9.94 + 2.5);
    // Looking west, at the garage's doorway.
    expect(-Math.sin(pose.yaw)).toBeCloseTo(-1);
    shown('museum');
    travel.settled();
    expect(travel.phase).toBe('arriving');
  });

  it('comes back from black after its longest wait when the room never answers', () => {
    const travel = new Travel({ maxWait: 5000 });
    trip.go = () => {};
    travel.through('museum', 'launch');
    vi.advanceTimersByTime(300 + 5000);
    expect(travel.phase).toBe('arriving');
  });

  it('takes no trip without an app to go, nor to where the visitor is', () => {
    const travel = new Travel();
    trip.go = undefined;
    expect(travel.through('museum', 'factory')).toBe(false);
    trip.go = () => {};
    expect(travel.through('museum', 'museum')).toBe(false);
  });
});
