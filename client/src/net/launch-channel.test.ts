import { describe, expect, it, vi } from 'vitest';
import type { ShowState } from '../../../protocol/src/launch';
import { LaunchChannel, type LaunchRoomPort } from './launch-channel';

/** A room port the test delivers messages through, recording what the channel sends. */
function room() {
  const handlers = new Map<string, (message: never) => void>();
  const sent: [string, unknown][] = [];
  const port: LaunchRoomPort = {
    onMessage: (type, handler) => handlers.set(type, handler),
    send: (type, message) => sent.push([type, message]),
  };
  return { port, sent, deliver: (type: string, message: unknown) => handlers.get(type)!(message as never) };
}

const show = (seq: number, eventId = 'e1'): ShowState => ({ eventId, cue: 'doors', cueAt: 1, seq, onStage: [], slowModeSeconds: 0 });

describe("a launch room's channel", () => {
  it('keeps the latest show state, dropping one that arrives late', () => {
    const { port, deliver } = room();
    const channel = new LaunchChannel(port);
    const changed = vi.fn();
    channel.on('show', changed);
    deliver('show', show(2));
    deliver('show', show(1));
    expect(channel.show?.seq).toBe(2);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('keeps the questions and the muting, and says when they change', () => {
    const { port, deliver } = room();
    const channel = new LaunchChannel(port);
    const muted = vi.fn();
    const questions = vi.fn();
    channel.on('muted', muted);
    const off = channel.on('questions', questions);
    deliver('muted', { muted: true });
    deliver('questions', [{ id: 1, text: 'Range?', votes: 3 }]);
    off();
    deliver('questions', []);
    expect(channel.muted).toBe(true);
    expect(channel.questions).toEqual([]);
    expect(muted).toHaveBeenCalledTimes(1);
    expect(questions).toHaveBeenCalledTimes(1);
  });

  it("follows the visitor's own hand and place on stage, telling only of a real change", () => {
    const channel = new LaunchChannel(room().port);
    const own = vi.fn();
    channel.on('own', own);
    channel.updateOwn({ hand: false, stage: false });
    channel.updateOwn({ hand: true, stage: false });
    channel.updateOwn({ hand: true, stage: false });
    expect(channel.own).toEqual({ hand: true, stage: false });
    expect(own).toHaveBeenCalledTimes(1);
  });

  it('sends hands, questions and votes', () => {
    const { port, sent } = room();
    const channel = new LaunchChannel(port);
    channel.raiseHand(true);
    channel.ask('Range?');
    channel.upvote(4);
    expect(sent).toEqual([
      ['hand', { raised: true }],
      ['ask', { text: 'Range?' }],
      ['upvote', { id: 4 }],
    ]);
  });
});
