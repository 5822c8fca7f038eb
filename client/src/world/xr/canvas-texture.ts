import { useEffect, useMemo } from 'react';
import { CanvasTexture, SRGBColorSpace } from 'three';

/** A canvas and the texture that shows it, from {@link useCanvasTexture}. */
export interface CanvasLabel {
  canvas: HTMLCanvasElement;
  texture: CanvasTexture;
}

/**
 * A canvas of `width` × `height` pixels and an sRGB texture of it, disposed on unmount: what the
 * VR panels draw their text on, so that no font is fetched from a CDN. A new size resizes (and so
 * clears) the canvas; the caller redraws it and sets `texture.needsUpdate`.
 */
export function useCanvasTexture(width: number, height: number, anisotropy = 1): CanvasLabel {
  const canvas = useMemo(() => document.createElement('canvas'), []);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const texture = useMemo(() => {
    const t = new CanvasTexture(canvas);
    t.colorSpace = SRGBColorSpace;
    t.anisotropy = anisotropy;
    return t;
  }, [canvas, anisotropy]);
  useEffect(() => () => texture.dispose(), [texture]);
  return { canvas, texture };
}

/** Clears `g`'s canvas and draws a VR panel's card on it: dark, rounded, with a brass edge. */
export function drawPanelCard(g: CanvasRenderingContext2D): void {
  const { width, height } = g.canvas;
  g.clearRect(0, 0, width, height);
  g.fillStyle = 'rgba(16, 15, 13, 0.95)';
  g.beginPath();
  g.roundRect(4, 4, width - 8, height - 8, 28);
  g.fill();
  g.strokeStyle = '#b08d4f';
  g.lineWidth = 3;
  g.stroke();
}

/** How a VR button looks now. */
export interface ButtonFace {
  /** The controller's ray is on it. */
  hovered: boolean;
  /** It stands for what is on (brass). */
  active?: boolean;
  /** It cannot be pressed now (no hover highlight). */
  disabled?: boolean;
}

/** Clears `g`'s canvas and draws a VR button's face (its label is the caller's). */
export function drawButtonFace(g: CanvasRenderingContext2D, { hovered, active = false, disabled = false }: ButtonFace): void {
  const { width, height } = g.canvas;
  const lit = hovered && !disabled;
  g.clearRect(0, 0, width, height);
  g.fillStyle = active ? '#c9a96e' : lit ? '#3a3d45' : '#23252b';
  g.beginPath();
  g.roundRect(3, 3, width - 6, height - 6, 18);
  g.fill();
  g.strokeStyle = lit ? '#f2e6c9' : '#555a66';
  g.lineWidth = 4;
  g.stroke();
}
