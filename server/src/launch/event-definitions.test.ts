import { describe, expect, it } from 'vitest';
import { CUES, type LaunchEvent } from '../../../protocol/src/launch';
import { changedFields } from './event-definitions';
import type { EventDefinition } from './event-store';

const definition: EventDefinition = {
  title: 'Astrale GT reveal',
  startsAt: '2030-01-01T18:00:00.000Z',
  access: { public: true },
  capacityPerInstance: 50,
  embodiedLimit: 1_000,
  hosts: ['0xaa', '0xbb'],
  car: { model: 'astrale-gt', configuration: { paint: 'P1', trim: 'T1' } },
  videoUrl: '/keynote.m3u8',
  minimumStaySeconds: 600,
};
const event: LaunchEvent = {
  ...definition,
  id: 'e1',
  chainEventId: null,
  show: { eventId: 'e1', cue: CUES[0], cueAt: 0, seq: 0, slowModeSeconds: 0, onStage: [] },
};

describe('changedFields', () => {
  it('sees no change in the same definition written another way: hosts in another order, the same instant, keys reordered', () => {
    expect(
      changedFields(event, {
        ...definition,
        hosts: ['0xbb', '0xaa'],
        startsAt: '2030-01-01T19:00:00+01:00',
        car: { model: 'astrale-gt', configuration: { trim: 'T1', paint: 'P1' } },
      }),
    ).toEqual([]);
  });

  it("names each changed field, in the definition's order", () => {
    expect(
      changedFields(event, { ...definition, title: 'Another', hosts: ['0xaa'], access: { role: 'dealer' } }),
    ).toEqual(['title', 'access', 'hosts']);
  });
});
