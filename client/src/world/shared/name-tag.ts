import { CanvasTexture, SRGBColorSpace } from 'three';
import { canvasFont } from '../../i18n/fonts';

/** Height of a name tag in metres; its width follows the text. */
export const NAME_TAG_HEIGHT = 0.16;

/** The mark and colour of each badge the server gives. */
const BADGES: Record<string, { mark: string; color: string }> = {
  owner: { mark: '◆', color: '#e7c67a' },
  dealer: { mark: '✦', color: '#9fc7e8' },
  'brand-team': { mark: '★', color: '#f0a9a0' },
};

/** The speaking ring's colour, on the tag and around the head. */
export const SPEAKING_COLOR = '#7be0a4';

/**
 * Draws a name on a small canvas for a sprite above an avatar's head, with the visitor's
 * badge (owner, dealer, brand team), ringed while they are heard talking. A canvas texture
 * shows in VR, unlike DOM overlays; a Chinese or Japanese name draws with our self-hosted CJK
 * font (named in the stack; the caller loads its glyphs and draws again once they are in).
 */
export function createNameTagTexture(name: string, badge: string, speaking = false, language = 'en'): { texture: CanvasTexture; aspect: number } {
  const style = BADGES[badge];
  const scale = 64;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d')!;
  const font = canvasFont(`600 ${scale * 0.5}px`, 'sans', language);
  context.font = font;
  const label = style ? `${style.mark} ${name}` : name;
  const width = Math.ceil(context.measureText(label).width + scale * 0.7);
  canvas.width = width;
  canvas.height = scale;
  context.font = font;
  context.fillStyle = 'rgba(12, 11, 10, 0.72)';
  context.beginPath();
  context.roundRect(0, 0, width, scale, scale / 2);
  context.fill();
  if (speaking) {
    const ring = scale * 0.08;
    context.strokeStyle = SPEAKING_COLOR;
    context.lineWidth = ring;
    context.beginPath();
    context.roundRect(ring / 2, ring / 2, width - ring, scale - ring, (scale - ring) / 2);
    context.stroke();
  }
  context.fillStyle = style?.color ?? '#f4efe6';
  context.textBaseline = 'middle';
  context.textAlign = 'center';
  context.fillText(label, width / 2, scale / 2 + 1);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return { texture, aspect: width / scale };
}
