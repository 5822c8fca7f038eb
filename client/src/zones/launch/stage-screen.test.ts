import { describe, expect, it, vi } from 'vitest';
import type { ScreenContent } from './show';
import { drawScreen, keynoteLines, ScreenPainter, type ScreenContext } from './stage-screen';

/** A 2D context that records the text drawn. */
function recorder() {
  const texts: string[] = [];
  const g = {
    createRadialGradient: () => ({ addColorStop: () => {} }),
    fillRect: () => {},
    fillText: (text: string) => texts.push(text),
  } as unknown as ScreenContext;
  return { g, texts };
}

const countdown = (remaining: string): ScreenContent => ({ kind: 'countdown', title: 'Astrale GT', remaining });

describe('the stage screen', () => {
  it('says the title and the moment, the countdown, or where the keynote stands', () => {
    const title = recorder();
    drawScreen(title.g, 1024, 448, { kind: 'title', title: 'Astrale GT', line: 'Doors open' }, undefined);
    expect(title.texts).toEqual(['M A R Q U E', 'Astrale GT', 'Doors open']);
    const count = recorder();
    drawScreen(count.g, 1024, 448, countdown('00:42'), undefined);
    expect(count.texts).toEqual(['M A R Q U E', 'Astrale GT', '00:42']);
    const failed = recorder();
    drawScreen(failed.g, 1024, 448, { kind: 'keynote' }, 'failed');
    expect(failed.texts).toEqual(['M A R Q U E', ...keynoteLines('failed')]);
    expect(keynoteLines('failed').join(' ')).toMatch(/could not be loaded .* the show goes on/);
    expect(keynoteLines('loading')).toEqual(['The keynote is starting…']);
  });

  it('draws the canvas again only when what it says changed, and shows the video while the keynote plays', () => {
    const draw = vi.fn();
    const painter = new ScreenPainter(draw);
    expect(painter.update(countdown('00:42'), undefined, false)).toEqual({ video: false, redrawn: true });
    expect(painter.update(countdown('00:42'), undefined, false)).toEqual({ video: false, redrawn: false });
    expect(painter.update(countdown('00:41'), undefined, false).redrawn).toBe(true);
    expect(painter.update({ kind: 'keynote' }, 'playing', true)).toEqual({ video: true, redrawn: false });
    // Playing, but its texture is not there yet: the canvas says it is starting.
    expect(painter.update({ kind: 'keynote' }, 'playing', false)).toEqual({ video: false, redrawn: true });
    expect(draw).toHaveBeenCalledTimes(3);
  });
});
