import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VoiceServerMessage, VoiceTalkers } from '../../../protocol/src/voice';
import { until } from '../testing/test-world';
import { RoomVoice } from './room-voice';
import { VoiceHub } from './voice-hub';
import { VoiceParticipant } from './voice-participant';

let hub: VoiceHub;
const participants: VoiceParticipant[] = [];

beforeAll(() => {
  hub = new VoiceHub({ maxSpeakers: 2, radius: 5, iceAddress: '127.0.0.1' });
});
afterAll(() => hub?.stop());
afterEach(async () => {
  await Promise.all(participants.splice(0).map((p) => p.close()));
});

/** A room's voice with what it told each member and the room. */
function room(roomId: string) {
  const told = new Map<string, VoiceServerMessage[]>();
  const talkers: VoiceTalkers[] = [];
  const voice = new RoomVoice(
    {
      roomId,
      send: (sessionId, message) => told.set(sessionId, [...(told.get(sessionId) ?? []), message]),
      broadcastTalkers: (t) => talkers.push(t),
    },
    hub,
    { radius: 5, maxSpeakers: 2 },
  );
  const lastOf = <K extends VoiceServerMessage['kind']>(sessionId: string, kind: K) =>
    (told.get(sessionId) ?? []).filter((m): m is Extract<VoiceServerMessage, { kind: K }> => m.kind === kind).at(-1);
  /** Adds `id` at (x, 0) and connects its voice through a participant that answers like a browser. */
  async function connect(id: string, x: number): Promise<VoiceParticipant> {
    voice.added(id, { x, y: 1.6, z: 0 });
    expect(voice.handle(id, { kind: 'join' })).toBeUndefined();
    await until(() => lastOf(id, 'offer') !== undefined, `${id}'s offer`, 10_000);
    const participant = new VoiceParticipant();
    participants.push(participant);
    const offer = lastOf(id, 'offer')!;
    expect(voice.handle(id, { kind: 'answer', id: offer.id, sdp: await participant.answer(offer.sdp) })).toBeUndefined();
    await participant.connected();
    return participant;
  }
  return { voice, told, talkers, lastOf, connect };
}

/** Sends from `speaker` every 20 ms until `done()` holds. */
async function speakUntil(speaker: VoiceParticipant, done: () => boolean, what: string) {
  for (let n = 0; !done(); n++) {
    if (n > 400) throw new Error(`timed out waiting for ${what}`);
    await speaker.send(Buffer.from([n & 0xff]));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('RoomVoice', () => {
  it('forwards a talker to listeners within the radius only, never back to themselves, and tells everyone who talks', async () => {
    const r = room('r1');
    const [ann, ben, cy] = await Promise.all([r.connect('ann', 0), r.connect('ben', 3), r.connect('cy', 9)]);
    // Connected but silent: nobody is routed.
    expect(r.lastOf('ben', 'slots')).toBeUndefined();
    r.voice.handle('ann', { kind: 'talk', on: true });
    expect(r.lastOf('ben', 'slots')).toEqual({ kind: 'slots', slots: ['ann', null] });
    expect(r.lastOf('cy', 'slots')).toBeUndefined();
    expect(r.talkers.at(-1)).toEqual({ talking: ['ann'] });
    await speakUntil(ann!, () => ben!.heard.length >= 5, "Ben to hear Ann");
    expect(cy!.heard).toEqual([]);
    expect(ann!.heard).toEqual([]);

    // Cy walks over: the next tick routes Ann to him too.
    r.voice.moved('cy', { x: 4, y: 1.6, z: 0 });
    r.voice.tick();
    expect(r.lastOf('cy', 'slots')).toEqual({ kind: 'slots', slots: ['ann', null] });
    await speakUntil(ann!, () => cy!.heard.length >= 5, 'Cy to hear Ann');

    // Released: forwarding stops and the ring goes.
    r.voice.handle('ann', { kind: 'talk', on: false });
    expect(r.lastOf('ben', 'slots')).toEqual({ kind: 'slots', slots: [null, null] });
    expect(r.talkers.at(-1)).toEqual({ talking: [] });
  });

  it("refuses messages that name anyone or any room, and an answer before joining; they act for their sender only", () => {
    const r = room('r2');
    r.voice.added('dee', { x: 0, y: 1.6, z: 0 });
    r.voice.added('eve', { x: 1, y: 1.6, z: 0 });
    expect(r.voice.handle('eve', { kind: 'talk', on: true, sessionId: 'dee' })).toMatch(/^voice: .*unrecognized key/i);
    expect(r.voice.handle('eve', { kind: 'join', roomId: 'elsewhere' })).toMatch(/unrecognized key/i);
    expect(r.voice.handle('eve', { kind: 'shout' })).toMatch(/^voice: /);
    expect(r.voice.handle('eve', { kind: 'answer', id: 1, sdp: 'v=0 an answer without a connection' })).toMatch(/send \{ kind: "join" \} first/);
    expect(r.talkers).toEqual([]);
  });

  it("keeps rooms apart: a talker in another room is never routed, however close", async () => {
    const here = room('r3');
    const there = room('r4');
    const [fay] = await Promise.all([here.connect('fay', 0), there.connect('gus', 0)]);
    there.voice.handle('gus', { kind: 'talk', on: true });
    here.voice.tick();
    expect(here.lastOf('fay', 'slots')).toBeUndefined();
    expect(fay!.heard).toEqual([]);
  });

  it("a host's mute stops forwarding at once and tells the speaker; the stage is heard from anywhere; silencing the audience leaves the stage", async () => {
    const r = room('r5');
    const [hal, ida, jo] = await Promise.all([r.connect('hal', 0), r.connect('ida', 2), r.connect('jo', 40)]);
    r.voice.handle('hal', { kind: 'talk', on: true });
    r.voice.handle('ida', { kind: 'talk', on: true });
    await speakUntil(hal!, () => ida!.heard.length >= 3, 'Ida to hear Hal');

    r.voice.silence('hal', true, 'The host muted you.');
    expect(r.lastOf('hal', 'silenced')).toMatchObject({ silenced: true, reason: 'host-muted', message: 'The host muted you.' });
    expect(r.lastOf('ida', 'slots')).toEqual({ kind: 'slots', slots: [null, null] });
    await speakUntil(ida!, () => hal!.heard.length >= 3, 'Hal to hear Ida');
    // Whatever Hal sent before the mute has arrived by now; nothing he sends after it is forwarded.
    const heard = ida!.heard.length;
    for (let n = 0; n < 10; n++) await hal!.send(Buffer.from([n]));
    await speakUntil(ida!, () => hal!.heard.length >= 13, 'Hal to hear more of Ida');
    expect(ida!.heard.length).toBe(heard);

    // Ida goes on stage: Jo, 40 m away, hears her; with the audience silenced, only she is heard.
    r.voice.setStage('ida', true);
    expect(r.lastOf('jo', 'slots')).toEqual({ kind: 'slots', slots: ['ida', null] });
    r.voice.silence('hal', false, 'The host unmuted you.');
    r.voice.silenceAudience(true);
    expect(r.talkers.at(-1)).toEqual({ talking: ['ida'] });
    // The audience is told why; the stage is not silenced.
    expect(r.lastOf('hal', 'silenced')).toMatchObject({ silenced: true, reason: 'audience-silenced' });
    expect(r.lastOf('jo', 'silenced')).toMatchObject({ silenced: true, reason: 'audience-silenced' });
    expect(r.lastOf('ida', 'silenced')).toBeUndefined();
    await speakUntil(ida!, () => jo!.heard.length >= 3, 'Jo to hear the stage');
    // Brought down from the stage into a silent audience: silent too, and told.
    r.voice.setStage('ida', false);
    expect(r.lastOf('ida', 'silenced')).toMatchObject({ silenced: true, reason: 'audience-silenced' });
    r.voice.setStage('ida', true);
    expect(r.lastOf('ida', 'silenced')).toMatchObject({ silenced: false, message: 'You are on stage: everyone hears you.' });

    // Hal leaves: the room forgets him and he is in nobody's slots.
    r.voice.silenceAudience(false);
    expect(r.lastOf('jo', 'silenced')).toMatchObject({ silenced: false });
    expect(r.lastOf('ida', 'slots')).toEqual({ kind: 'slots', slots: ['hal', null] });
    r.voice.left('hal');
    expect(r.lastOf('ida', 'slots')).toEqual({ kind: 'slots', slots: [null, null] });
    expect((await hub.counts()).peers).toBeGreaterThanOrEqual(3);
  });
});
