import { describe, expect, it, vi } from 'vitest';
import { STAND_DISTANCE, standBefore, standForStop, stepTour, tourStops, yawTowards, type ExhibitPlacement } from './tour-route';

const LINE_UP = [
  { id: 'mistral-1957', name: 'Mistral Spider', year: 1957 },
  { id: 'aurore-1964', name: 'Aurore Coupé', year: 1964 },
  { id: 'orage-1974', name: 'Orage', year: 1974 },
  { id: 'celeste-1988', name: 'Céleste V12', year: 1988 },
  { id: 'sillage-2009', name: 'Sillage Break', year: 2009 },
  { id: 'astrale-2025', name: 'Astrale GT', year: 2025 },
];

/** The hall as assets/src/environments/museum-hall.ts builds it: plinths either side of the aisle, cars turned 65° towards it. */
const YAW = (65 * Math.PI) / 180;
const PLACEMENTS = new Map<string, ExhibitPlacement>(
  LINE_UP.map((car, i) => [car.id, { position: [i % 2 === 0 ? -5.4 : 5.4, 0.3, 11 - 11 * Math.floor(i / 2)], yaw: i % 2 === 0 ? YAW : -YAW }]),
);

/** Where someone standing at `stand` looks: the unit vector of their yaw. */
const facing = (yaw: number) => [-Math.sin(yaw), -Math.cos(yaw)];

describe('the guided tour', () => {
  it('opens, stops before each car oldest first, and closes', () => {
    const stops = tourStops(LINE_UP);
    expect(stops.map((s) => (s.kind === 'car' ? s.carId : s.kind))).toEqual(['opening', ...LINE_UP.map((c) => c.id), 'closing']);
    expect(stops[1]).toMatchObject({ title: 'Mistral Spider, 1957' });
    for (const stop of stops) expect(stop.narration.length).toBeGreaterThan(100);
  });

  it('leaves out a car it has no words for, and says so', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stops = tourStops([...LINE_UP.slice(0, 2), { id: 'comete-2030', name: 'Comète', year: 2030 }]);
    expect(stops).toHaveLength(4);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no tour text for the car "comete-2030"'));
    warn.mockRestore();
  });

  it('steps one stop at a time, held at its first and last stops', () => {
    expect(stepTour(0, 1, 8)).toBe(1);
    expect(stepTour(3, -1, 8)).toBe(2);
    expect(stepTour(0, -1, 8)).toBe(0);
    expect(stepTour(7, 1, 8)).toBe(7);
    expect(stepTour(9, 0, 8)).toBe(7);
    expect(stepTour(2, 1, 0)).toBe(0);
  });

  it('stands the visitor before each car, off its plinth, looking at it', () => {
    for (const [id, car] of PLACEMENTS) {
      const stand = standBefore(car);
      const dx = car.position[0] - stand.position[0];
      const dz = car.position[2] - stand.position[2];
      expect(Math.hypot(dx, dz), id).toBeCloseTo(STAND_DISTANCE, 2);
      expect(stand.position[1]).toBe(0);
      // In the hall (walls at ±10 m): in the aisle's half of the car's side, in front of the car.
      expect(Math.abs(stand.position[0]), id).toBeLessThan(Math.abs(car.position[0]));
      expect(stand.position[2], id).toBeGreaterThan(car.position[2]);
      const [fx, fz] = facing(stand.yaw);
      expect((fx! * dx + fz! * dz) / Math.hypot(dx, dz), id).toBeCloseTo(1, 3);
    }
  });

  it('opens in the aisle looking down the line-up, and closes behind it looking back', () => {
    const stops = tourStops(LINE_UP);
    const opening = standForStop(stops[0]!, PLACEMENTS)!;
    const closing = standForStop(stops.at(-1)!, PLACEMENTS)!;
    expect(opening).toEqual({ position: [0, 0, 14.5], yaw: 0 });
    expect(closing).toEqual({ position: [0, 0, -15.5], yaw: Math.PI });
    expect(standForStop(stops[3]!, PLACEMENTS)).toEqual(standBefore(PLACEMENTS.get('orage-1974')!));
  });

  it('has nowhere to stand before the cars are in the hall', () => {
    const stops = tourStops(LINE_UP);
    expect(standForStop(stops[0]!, new Map())).toBeUndefined();
    expect(standForStop(stops[1]!, new Map())).toBeUndefined();
  });

  it('turns to look at a point', () => {
    expect(yawTowards([0, 0, 0], [0, 0, -1])).toBeCloseTo(0);
    expect(yawTowards([0, 0, 0], [-1, 0, 0])).toBeCloseTo(Math.PI / 2);
  });
});
