import { describe, expect, it } from 'vitest';
import { TalkControl } from './talk-control';

describe('TalkControl', () => {
  it('push-to-talk sends while any control is held, and not after the last is released', () => {
    const talk = new TalkControl();
    expect(talk.sending(0)).toBe(false);
    talk.hold('key', true);
    talk.hold('button', true);
    talk.hold('key', false);
    expect(talk.sending(0)).toBe(true);
    talk.hold('button', false);
    expect(talk.sending(0)).toBe(false);
  });

  it('open mic sends while speech is heard and a short while after; quiet input sends nothing', () => {
    const talk = new TalkControl({ speechLevel: 0.02, hangMs: 600 });
    talk.mode = 'open';
    talk.hear(0.005, 0);
    expect(talk.sending(0)).toBe(false);
    talk.hear(0.1, 1000);
    expect(talk.sending(1000)).toBe(true);
    expect(talk.sending(1600)).toBe(true);
    expect(talk.sending(1601)).toBe(false);
  });

  it('muting oneself wins over a held key and over speech', () => {
    const talk = new TalkControl();
    talk.hold('key', true);
    talk.selfMuted = true;
    expect(talk.sending(0)).toBe(false);
    talk.mode = 'open';
    talk.hear(1, 0);
    expect(talk.sending(0)).toBe(false);
  });
});
