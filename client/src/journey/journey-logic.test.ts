import { describe, expect, it } from 'vitest';
import type { VerifiedRecord } from '../../../protocol/src/journey-api';
import { appointmentRequestFor, availableActions, type AppointmentDraft } from './appointment-flow';
import { mileageChart } from './mileage-chart';
import { compareWithChain } from './record-proof';

describe('the mileage chart', () => {
  it('places readings by date and kilometres, from zero to a round top', () => {
    const chart = mileageChart(
      [
        { at: '2031-01-01T00:00:00Z', mileage: 12_000 },
        { at: '2030-01-01T00:00:00Z', mileage: 1_500 },
        { at: '2030-07-02T12:00:00Z', mileage: 6_000 },
      ],
      300,
      140,
    );
    // Oldest first, left to right; higher mileage higher up (smaller y).
    expect(chart.dots.map((d) => d.mileage)).toEqual([1_500, 6_000, 12_000]);
    expect(chart.dots[0]!.x).toBe(44);
    expect(chart.dots[2]!.x).toBe(292);
    expect(chart.dots[1]!.x).toBeCloseTo(44 + 248 / 2, 0);
    expect(chart.dots[2]!.y).toBeLessThan(chart.dots[1]!.y);
    expect(chart.ticks.map((t) => t.mileage)).toEqual([0, 5_000, 10_000, 15_000, 20_000]);
    expect(chart.ticks[0]!.y).toBe(120);
    expect(chart.points).toBe(chart.dots.map((d) => `${d.x},${d.y}`).join(' '));
    expect(chart).toMatchObject({ from: '2030-01-01T00:00:00Z', to: '2031-01-01T00:00:00Z' });
  });

  it('draws one reading in the middle, and nothing for none', () => {
    expect(mileageChart([{ at: '2030-01-01T00:00:00Z', mileage: 1_500 }]).dots[0]!.x).toBe(44 + 248 / 2);
    expect(mileageChart([])).toMatchObject({ points: '', dots: [] });
  });
});

describe("checking the server's records against the chain", () => {
  const record = (index: number, recordHash: string, mileage = 100, kind: VerifiedRecord['kind'] = 'service'): VerifiedRecord => ({
    index,
    kind,
    mileage,
    at: '2030-01-01T00:00:00Z',
    recordHash,
    transactionHash: '0x',
    byAppointment: false,
  });
  it('certifies what agrees and names what does not', () => {
    const chain = [
      { recordHash: '0xAA', mileage: 100, kind: 0 },
      { recordHash: '0xbb', mileage: 200, kind: 0 },
      { recordHash: '0xcc', mileage: 300, kind: 2 },
    ];
    expect(compareWithChain([record(0, '0xaa'), record(1, '0xbb', 250), record(2, '0xcc', 300), record(3, '0xdd')], chain)).toEqual([
      { index: 0, status: 'certified' },
      { index: 1, status: 'mismatch', reason: 'the chain says 200 km, not 250 km' },
      { index: 2, status: 'mismatch', reason: 'the chain records another kind of work' },
      { index: 3, status: 'missing', reason: 'the chain holds no record #4 for this car' },
    ]);
    expect(compareWithChain([record(0, '0x01')], chain)[0]).toMatchObject({ status: 'mismatch', reason: expect.stringContaining('0xAA') });
  });
});

describe("the owner's appointment form", () => {
  const now = new Date('2030-03-04T09:00:00Z');
  const draft = (change: Partial<AppointmentDraft> = {}): AppointmentDraft => ({
    tokenId: '1',
    dealer: '0x00000000000000000000000000000000000000aa',
    city: '',
    reason: 'service',
    times: ['2030-03-05T10:30:00Z', ''],
    note: '  Brakes  ',
    ...change,
  });

  it('builds the request, by dealer or by city', () => {
    expect(appointmentRequestFor(draft(), now)).toEqual({
      request: { tokenId: '1', dealer: '0x00000000000000000000000000000000000000aa', reason: 'service', preferredTimes: ['2030-03-05T10:30:00.000Z'], note: 'Brakes' },
    });
    expect(appointmentRequestFor(draft({ dealer: '', city: ' Lyon ' }), now)).toMatchObject({ request: { city: 'Lyon' } });
  });

  it('says what is wrong: no dealer, no time, a past time, off the half hour', () => {
    expect(appointmentRequestFor(draft({ dealer: '', city: '' }), now)).toEqual({ problem: 'Choose a dealer, or a city.' });
    expect(appointmentRequestFor(draft({ times: ['', ''] }), now)).toEqual({ problem: 'Give at least one time that suits you.' });
    expect(appointmentRequestFor(draft({ times: ['2030-03-03T10:00:00Z'] }), now)).toMatchObject({ problem: expect.stringContaining('has passed') });
    expect(appointmentRequestFor(draft({ times: ['2030-03-05T10:10:00Z'] }), now)).toMatchObject({ problem: expect.stringContaining('on the hour or the half hour') });
    expect(appointmentRequestFor(draft({ times: ['soon'] }), now)).toEqual({ problem: '"soon" is not a date and time.' });
  });

  it('offers each party only the steps it may take', () => {
    expect(availableActions({ state: 'requested' }, 'dealer')).toEqual(['confirm', 'propose', 'cancel']);
    expect(availableActions({ state: 'confirmed' }, 'dealer')).toEqual(['propose', 'cancel']);
    expect(availableActions({ state: 'requested' }, 'owner')).toEqual(['cancel']);
    expect(availableActions({ state: 'proposed' }, 'owner')).toEqual(['accept', 'cancel']);
    expect(availableActions({ state: 'completed' }, 'owner')).toEqual([]);
    expect(availableActions({ state: 'cancelled' }, 'dealer')).toEqual([]);
  });
});
