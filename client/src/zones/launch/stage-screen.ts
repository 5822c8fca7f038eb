import type { KeynoteState } from './keynote-player';
import type { ScreenContent } from './show';

/** The stage screen's canvas, pixels: the same 16:7 as the screen itself. */
export const SCREEN_PX = { width: 1024, height: 448 } as const;

/** The part of a 2D canvas context the screen draws with, so tests can record it. */
export type ScreenContext = Pick<CanvasRenderingContext2D, 'createRadialGradient' | 'fillRect' | 'fillText' | 'fillStyle' | 'font' | 'textAlign' | 'textBaseline'>;

/** What the screen says while the keynote's video does not show: its state, in a line or two. */
export function keynoteLines(keynote: KeynoteState | undefined): string[] {
  switch (keynote) {
    case 'failed':
      return ['The keynote video could not be loaded —', 'the show goes on'];
    case 'blocked':
      return ['The keynote is ready:', 'press “Play the keynote” to watch'];
    case 'over':
      return ['The keynote has ended'];
    default:
      return ['The keynote is starting…'];
  }
}

/** Draws what the screen says onto a canvas of `width` × `height`: the title and a line, the countdown, or the keynote's state. */
export function drawScreen(g: ScreenContext, width: number, height: number, content: ScreenContent, keynote: KeynoteState | undefined): void {
  const gradient = g.createRadialGradient(width / 2, height * 0.45, 20, width / 2, height / 2, width * 0.6);
  gradient.addColorStop(0, '#1d1a22');
  gradient.addColorStop(1, '#07070a');
  g.fillStyle = gradient;
  g.fillRect(0, 0, width, height);
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillStyle = '#c9a866';
  g.font = '24px Georgia, serif';
  g.fillText('M A R Q U E', width / 2, 46);
  if (content.kind === 'countdown') {
    g.fillStyle = '#f4efe6';
    g.font = '30px Georgia, serif';
    g.fillText(content.title, width / 2, 120, width - 80);
    g.font = 'bold 150px system-ui, sans-serif';
    g.fillText(content.remaining, width / 2, 270);
    return;
  }
  if (content.kind === 'title') {
    g.fillStyle = '#f4efe6';
    g.font = '58px Georgia, serif';
    g.fillText(content.title, width / 2, 200, width - 80);
    g.fillStyle = '#b9ae9c';
    g.font = '30px system-ui, sans-serif';
    g.fillText(content.line, width / 2, 290, width - 80);
    return;
  }
  g.fillStyle = '#f4efe6';
  g.font = '34px system-ui, sans-serif';
  const lines = keynoteLines(keynote);
  lines.forEach((line, i) => g.fillText(line, width / 2, height / 2 - 10 + (i - (lines.length - 1) / 2) * 52, width - 80));
}

/** What the screen shows after an {@link ScreenPainter.update}. */
export interface ScreenFrame {
  /** The keynote's video is on the screen (not the canvas). */
  video: boolean;
  /** The canvas was drawn again: its texture needs uploading. */
  redrawn: boolean;
}

/**
 * Decides, a few times a second, what the stage screen shows: the keynote's video while it plays
 * (once its texture exists), else the canvas — drawn again only when what it says changed (the
 * countdown once a second), since each drawing is a texture upload.
 */
export class ScreenPainter {
  private last = '';

  constructor(private readonly draw: (content: ScreenContent, keynote: KeynoteState | undefined) => void) {}

  update(content: ScreenContent, keynote: KeynoteState | undefined, videoReady: boolean): ScreenFrame {
    if (content.kind === 'keynote' && keynote === 'playing' && videoReady) return { video: true, redrawn: false };
    const key = JSON.stringify([content, keynote]);
    if (key === this.last) return { video: false, redrawn: false };
    this.last = key;
    this.draw(content, keynote);
    return { video: false, redrawn: true };
  }
}
