import { describe, expect, it } from 'vitest';
import type { LaunchEvent } from '../../../../../protocol/src/launch';
import { draftFromEvent, draftToInput, errorsFromDetails, fromLocalInput, newDraft, presetOf, toLocalInput } from './event-form';

const event: LaunchEvent = {
  id: 'ev1',
  title: 'Astrale GT launch',
  startsAt: '2030-06-01T18:00:00.000Z',
  access: { invite: { scope: 'event:ev1' } },
  capacityPerInstance: 40,
  embodiedLimit: 800,
  hosts: ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222'],
  car: { model: 'astrale-2025', configuration: { paint: 'P-NOIR' } },
  videoUrl: '/media/keynote.m3u8',
  minimumStaySeconds: 900,
  chainEventId: null,
  show: { eventId: 'ev1', cue: 'scheduled', cueAt: 0, seq: 0, onStage: [], slowModeSeconds: 0 },
};

describe('the event form', () => {
  it('fills from an event and turns back into the same body', () => {
    const draft = draftFromEvent(event);
    expect(draft).toMatchObject({ access: 'invitation', hosts: '0x2222222222222222222222222222222222222222', minimumStayMinutes: '15' });
    const result = draftToInput(draft, { eventId: 'ev1' });
    expect(result).toEqual({
      input: {
        title: 'Astrale GT launch',
        startsAt: '2030-06-01T18:00:00.000Z',
        access: { invite: { scope: 'event:ev1' } },
        capacityPerInstance: 40,
        embodiedLimit: 800,
        hosts: ['0x2222222222222222222222222222222222222222'],
        car: { model: 'astrale-2025', configuration: { paint: 'P-NOIR' } },
        videoUrl: '/media/keynote.m3u8',
        minimumStaySeconds: 900,
      },
    });
  });

  it('knows the presets and calls anything else custom', () => {
    expect(presetOf({ public: true }, 'x')).toBe('public');
    expect(presetOf({ hasProfile: true }, 'x')).toBe('owners');
    expect(presetOf({ invite: { scope: 'event:x' } }, 'x')).toBe('invitation');
    expect(presetOf({ invite: { scope: 'event:other' } }, 'x')).toBe('custom');
    expect(presetOf({ role: 'dealer' }, 'x')).toBe('custom');
  });

  it('reads a local date and time as the instant it means here', () => {
    const local = new Date(2030, 0, 2, 9, 5);
    expect(toLocalInput(local)).toBe('2030-01-02T09:05');
    expect(fromLocalInput('2030-01-02T09:05')).toBe(local.toISOString());
    expect(fromLocalInput('tomorrow')).toBeUndefined();
  });

  it('names each field that is wrong before anything is sent', () => {
    const now = new Date(2030, 0, 1, 12, 0);
    const draft = {
      ...newDraft(now, 'astrale-2025'),
      title: 'x',
      startsAt: '2029-12-31T10:00',
      access: 'custom' as const,
      customAccess: '{ public: true }',
      capacityPerInstance: '500',
      hosts: 'not-an-address',
      videoUrl: 'ftp://example.org/a.mp4',
      minimumStayMinutes: 'ten',
    };
    const result = draftToInput(draft, { now });
    expect('errors' in result && result.errors).toMatchObject({
      title: 'a title of at least 3 characters',
      startsAt: 'a start in the future',
      customAccess: expect.stringMatching(/^not valid JSON/),
      capacityPerInstance: expect.any(String),
      hosts: 'a 0x-prefixed address',
      videoUrl: 'an http(s) URL or a path on this site starting with /',
      minimumStayMinutes: 'a number',
    });
  });

  it("starts a new event an hour or more ahead on the hour, and checks a preset's rule at the preset", () => {
    const draft = newDraft(new Date(2030, 0, 1, 12, 20), 'astrale-2025');
    expect(draft.startsAt).toBe('2030-01-01T14:00');
    const result = draftToInput({ ...draft, title: 'Launch', videoUrl: '/keynote.mp4', access: 'invitation' }, { invitationScopeId: 'pending-1' });
    expect('input' in result && result.input.access).toEqual({ invite: { scope: 'event:pending-1' } });
  });

  it("puts the server's details on the fields they name", () => {
    expect(errorsFromDetails('title: too short; car.model: unknown car model "x"; access.anyOf: Invalid input; the start has passed', 'owners')).toEqual({
      title: 'too short',
      model: 'unknown car model "x"',
      access: 'Invalid input',
      form: 'the start has passed',
    });
    expect(errorsFromDetails('car.configuration.paint: not offered')).toEqual({ configuration: 'not offered' });
    expect(errorsFromDetails(undefined)).toEqual({});
  });
});
