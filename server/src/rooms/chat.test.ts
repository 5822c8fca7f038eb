import { describe, expect, it } from 'vitest';
import { blocklistModerator, chatMessage } from './chat';
import { TokenBucket } from './rate-limit';

const author = { sessionId: 's', name: 'Ann', room: 'museum' };

describe('chat', () => {
  it('accepts a line, stripping control characters and surrounding space', () => {
    expect(chatMessage.parse({ text: '  hello\u0007 there \u200b ' })).toEqual({ text: 'hello  there' });
  });

  it('refuses empty, over-long and non-text lines with the reason', () => {
    expect(chatMessage.safeParse({ text: ' \n ' }).error?.issues[0]?.message).toBe('empty message');
    expect(chatMessage.safeParse({ text: 'x'.repeat(281) }).error?.issues[0]?.message).toBe('at most 280 characters');
    expect(chatMessage.safeParse({ text: 42 }).success).toBe(false);
  });

  it('masks blocked words as whole words in any case, and refuses links and shouting', async () => {
    const moderate = blocklistModerator(['lemon', 'scam']);
    expect(await moderate('That car is a LEMON, not a lemonade', author)).toEqual({ action: 'allow', text: 'That car is a *****, not a lemonade' });
    expect(await moderate('free cars at https://evil.example', author)).toMatchObject({ action: 'reject', reason: /links/ });
    expect(await moderate('THIS IS THE BEST CAR EVER', author)).toMatchObject({ action: 'reject', reason: /shout/ });
    expect(await moderate('OK', author)).toEqual({ action: 'allow', text: 'OK' });
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate, and says how long to wait', () => {
    const bucket = new TokenBucket(0.5, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.waitSeconds(0)).toBeCloseTo(2);
    expect(bucket.take(1000)).toBe(false);
    expect(bucket.take(2000)).toBe(true);
  });
});
