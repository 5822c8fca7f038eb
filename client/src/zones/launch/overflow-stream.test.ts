import { describe, expect, it } from 'vitest';
import { OverflowStream, type EventSourceLike } from './overflow-stream';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly handlers = new Map<string, (event: MessageEvent<string>) => void>();
  closed = false;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.handlers.set(type, listener);
  }
  close() {
    this.closed = true;
  }
  send(type: string, data: unknown) {
    this.handlers.get(type)!({ data: typeof data === 'string' ? data : JSON.stringify(data) } as MessageEvent<string>);
  }
}

const state = (cue: string, seq: number) => ({ eventId: 'e1', cue, cueAt: 0, seq, onStage: [], slowModeSeconds: 0 });

describe('the overflow stream', () => {
  it('keeps the newest show, the questions and the figures, and says when each changes', () => {
    let source: FakeSource | undefined;
    let opened = '';
    const stream = new OverflowStream('/api/events/e1/stream?token=t', (url) => {
      opened = url;
      return (source = new FakeSource());
    });
    const heard: string[] = [];
    for (const kind of ['show', 'questions', 'figures', 'state'] as const) stream.on(kind, () => heard.push(kind));
    source!.onopen!(new Event('open'));
    source!.send('show', state('keynote', 4));
    source!.send('show', state('countdown', 3));
    source!.send('questions', [{ id: 1, name: 'Guest', text: 'When?', at: 0, votes: 2, answered: false }]);
    source!.send('figures', { embodied: 50, overflow: 700, reactions: { heart: 3 } });
    source!.send('show', 'not json');
    expect(opened).toBe('/api/events/e1/stream?token=t');
    expect(stream.show?.cue).toBe('keynote');
    expect(stream.questions).toHaveLength(1);
    expect(stream.figures).toEqual({ embodied: 50, overflow: 700, reactions: { heart: 3 } });
    expect(heard).toEqual(['state', 'show', 'questions', 'figures']);
    source!.readyState = 2;
    source!.onerror!(new Event('error'));
    expect(stream.state).toBe('closed');
    stream.close();
    expect(source!.closed).toBe(true);
  });
});
