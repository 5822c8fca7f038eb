import { Client, type Room } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../../protocol/src/messages';
import type { VoiceServerMessage, VoiceTalkers } from '../../../protocol/src/voice';
import { startTestWorld, until, type TestWorld } from '../testing/test-world';
import { VoiceParticipant } from './voice-participant';

let world: TestWorld;
const participants: VoiceParticipant[] = [];

beforeAll(async () => {
  world = await startTestWorld();
});
afterAll(async () => {
  await Promise.all(participants.map((p) => p.close()));
  await world?.stop();
});

/** A visitor's room connection with everything it was sent about voice. */
async function visit(roomName: 'museum' | 'factory', name: string) {
  const room: Room = await new Client(world.server.url).joinOrCreate(roomName, { name });
  const voice: VoiceServerMessage[] = [];
  const talkers: VoiceTalkers[] = [];
  const notices: Notice[] = [];
  room.onMessage('voice', (m: VoiceServerMessage) => voice.push(m));
  room.onMessage('voice-talkers', (t: VoiceTalkers) => talkers.push(t));
  room.onMessage('notice', (n: Notice) => notices.push(n));
  room.onMessage('*', () => {});
  /** Joins voice over the room's connection and answers like a browser. */
  async function joinVoice(): Promise<VoiceParticipant> {
    room.send('voice', { kind: 'join' });
    await until(() => voice.some((m) => m.kind === 'offer'), `${name}'s voice offer`, 10_000);
    const participant = new VoiceParticipant();
    participants.push(participant);
    const offer = voice.find((m): m is Extract<VoiceServerMessage, { kind: 'offer' }> => m.kind === 'offer')!;
    room.send('voice', { kind: 'answer', id: offer.id, sdp: await participant.answer(offer.sdp) });
    await participant.connected();
    return participant;
  }
  return { room, voice, talkers, notices, joinVoice };
}

describe('voice in a world room', () => {
  it('signals over the room: an offer, the slots, who talks; audio flows between neighbours', async () => {
    const ann = await visit('museum', 'Ann');
    const ben = await visit('museum', 'Ben');
    const [annVoice, benVoice] = await Promise.all([ann.joinVoice(), ben.joinVoice()]);
    expect(ann.voice.find((m) => m.kind === 'offer')).toMatchObject({ slots: 6 });
    ann.room.send('voice', { kind: 'talk', on: true });
    await until(() => ben.talkers.some((t) => t.talking.includes(ann.room.sessionId)), "Ben to see Ann's ring");
    await until(() => ben.voice.some((m) => m.kind === 'slots' && m.slots[0] === ann.room.sessionId), "Ann in Ben's first slot");
    for (let n = 0; benVoice.heard.length < 5; n++) {
      if (n > 300) throw new Error('Ben never heard Ann');
      await annVoice.send(Buffer.from([n & 0xff]));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(annVoice.heard).toEqual([]);
    await Promise.all([ann.room.leave(), ben.room.leave()]);
  });

  it("counts a message that names someone else as invalid, and never lets it act for them", async () => {
    const cy = await visit('factory', 'Cy');
    const dee = await visit('factory', 'Dee');
    cy.room.send('voice', { kind: 'talk', on: true, sessionId: dee.room.sessionId });
    await until(() => cy.notices.length > 0, 'a notice to Cy');
    expect(cy.notices[0]).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/voice: .*unrecognized key/i) });
    dee.room.send('voice', { kind: 'answer', id: 1, sdp: 'v=0 an answer out of nowhere' });
    await until(() => dee.notices.length > 0, 'a notice to Dee');
    expect(dee.notices[0]!.message).toMatch(/send \{ kind: "join" \} first/);
    expect([...cy.talkers, ...dee.talkers].flatMap((t) => t.talking)).toEqual([]);
    await Promise.all([cy.room.leave(), dee.room.leave()]);
  });
});
