import { canvasFont } from '../../i18n/fonts';
import { currentLanguage, t } from '../../i18n/i18n';
import type { KeynoteState } from './keynote-player';
import type { ScreenContent } from './show';

/** The stage screen's canvas, pixels: the same 16:7 as the screen itself. */
export const SCREEN_PX = { width: 1024, height: 448 } as const;

/** The part of a 2D canvas context the screen draws with, so tests can record it. */
export type ScreenContext = Pick<CanvasRenderingContext2D, 'createRadialGradient' | 'fillRect' | 'fillText' | 'fillStyle' | 'font' | 'textAlign' | 'textBaseline'>;

/** What the screen says while the keynote's video does not show: its state, in a line or two, in the page's language. */
export function keynoteLines(keynote: KeynoteState | undefined): string[] {
  switch (keynote) {
    case 'failed':
      return [t('launch.screen.failed1'), t('launch.screen.failed2')];
    case 'blocked':
      return [t('launch.screen.blocked1'), t('launch.screen.blocked2')];
    case 'over':
      return [t('launch.screen.over')];
    default:
      return [t('launch.screen.starting')];
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
  const language = currentLanguage();
  g.font = canvasFont('24px', 'serif', language);
  g.fillText('M A R Q U E', width / 2, 46);
  if (content.kind === 'countdown') {
    g.fillStyle = '#f4efe6';
    g.font = canvasFont('30px', 'serif', language);
    g.fillText(content.title, width / 2, 120, width - 80);
    g.font = canvasFont('bold 150px', 'sans', language);
    g.fillText(content.remaining, width / 2, 270);
    return;
  }
  if (content.kind === 'title') {
    g.fillStyle = '#f4efe6';
    g.font = canvasFont('58px', 'serif', language);
    g.fillText(content.title, width / 2, 200, width - 80);
    g.fillStyle = '#b9ae9c';
    g.font = canvasFont('30px', 'sans', language);
    g.fillText(content.line, width / 2, 290, width - 80);
    return;
  }
  g.fillStyle = '#f4efe6';
  g.font = canvasFont('34px', 'sans', language);
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
