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
