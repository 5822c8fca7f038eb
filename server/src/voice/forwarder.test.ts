import { afterEach, describe, expect, it } from 'vitest';
import { SelectiveForwarder } from './forwarder';
import { VoiceParticipant } from './voice-participant';

const participants: VoiceParticipant[] = [];
let forwarder: SelectiveForwarder | undefined;

afterEach(async () => {
  forwarder?.closeAll();
  await Promise.all(participants.splice(0).map((p) => p.close()));
});

async function connect(fwd: SelectiveForwarder, id: string): Promise<VoiceParticipant> {
  const participant = new VoiceParticipant();
  participants.push(participant);
  const offer = await fwd.open(id);
  await fwd.answer(id, await participant.answer(offer));
  await participant.connected();
  return participant;
}

/** Sends packets from `speaker` until `until()` holds (each one its own bytes), then returns how many were sent. */
async function speakUntil(speaker: VoiceParticipant, tag: string, until: () => boolean): Promise<number> {
  let n = 0;
  while (!until()) {
    await speaker.send(Buffer.from(`${tag}:${n++}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (n > 500) throw new Error(`nothing arrived after ${n} packets from ${tag}`);
  }
  return n;
}

describe('SelectiveForwarder', () => {
  it("forwards a speaker's packets only to the slots that carry it, and stops at once when the route goes", async () => {
    forwarder = new SelectiveForwarder({ maxSpeakers: 2, iceAddress: '127.0.0.1' });
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((id) => connect(forwarder!, id)));
    forwarder.route('bob', [null, 'alice']);
    forwarder.route('carol', ['alice', 'bob']);
    await speakUntil(alice!, 'alice', () => (bob!.perSlot[1] ?? 0) >= 5 && (carol!.perSlot[0] ?? 0) >= 5);
    expect(bob!.heard.every((p) => p.slot === 1 && p.payload.toString().startsWith('alice:'))).toBe(true);
    expect(alice!.heard).toEqual([]);
    expect(forwarder.counts()).toMatchObject({ peers: 3, streams: 3 });

    // Bob's slot stops carrying Alice: what he gets afterwards is nothing of hers, while Carol still hears her.
    forwarder.route('bob', [null, null]);
    const bobBefore = bob!.heard.length;
    const carolBefore = carol!.heard.length;
    await speakUntil(alice!, 'alice', () => carol!.heard.length >= carolBefore + 10);
    expect(bob!.heard.length).toBe(bobBefore);
  });

  it('a slot switches to another speaker, and closing a speaker stops its voice reaching anyone', async () => {
    forwarder = new SelectiveForwarder({ maxSpeakers: 1, iceAddress: '127.0.0.1' });
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((id) => connect(forwarder!, id)));
    forwarder.route('carol', ['alice']);
    await speakUntil(alice!, 'alice', () => carol!.heard.length >= 5);
    forwarder.route('carol', ['bob']);
    const switched = carol!.heard.length;
    await speakUntil(bob!, 'bob', () => carol!.heard.length >= switched + 5);
    expect(carol!.heard.slice(switched).some((p) => p.payload.toString().startsWith('bob:'))).toBe(true);

    forwarder.close('bob');
    expect(forwarder.counts()).toMatchObject({ peers: 2, streams: 0 });
    const after = carol!.heard.length;
    await bob!.send(Buffer.from('bob:late'));
    await speakUntil(alice!, 'alice', () => forwarder!.counts().packetsIn >= 40);
    expect(carol!.heard.length).toBe(after);
  });

  it('refuses an answer without a connection or an offer waiting for it, naming what to do', async () => {
    forwarder = new SelectiveForwarder({ maxSpeakers: 1, iceAddress: '127.0.0.1' });
    await expect(forwarder.answer('nobody', 'v=0 whatever')).rejects.toThrow(/join voice first/);
    await connect(forwarder, 'alice');
    await expect(forwarder.answer('alice', 'v=0 whatever')).rejects.toThrow(/no offer is waiting/);
  });
});
