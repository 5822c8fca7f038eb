import { create } from 'qrcode';
import { useMemo } from 'react';

/** Modules of white margin around the symbol, as the QR specification asks for. */
const QUIET_ZONE = 4;

/**
 * An SVG path that draws the dark modules of a square module matrix (`dark(row, col)`), one
 * unit per module, offset by the quiet zone; runs of dark modules in a row are one rectangle.
 */
export function qrPath(size: number, dark: (row: number, col: number) => boolean, margin = QUIET_ZONE): string {
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!dark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && dark(row, col)) col++;
      parts.push(`M${start + margin} ${row + margin}h${col - start}v1h${start - col}z`);
    }
  }
  return parts.join('');
}

/** Props of {@link QrCode}. */
export interface QrCodeProps {
  /** What the code encodes (a URL). */
  value: string;
  /** What a screen reader says instead of the picture. */
  label: string;
  /** Drawn size in CSS pixels. */
  size?: number;
  className?: string;
}

/**
 * A QR code as an inline SVG (error correction level M, dark on white with its quiet zone), so
 * it stays sharp at any size and prints well. `data-value` holds what it encodes, for tests.
 */
export function QrCode({ value, label, size = 160, className }: QrCodeProps) {
  const { dimension, path } = useMemo(() => {
    const { modules } = create(value, { errorCorrectionLevel: 'M' });
    return {
      dimension: modules.size + 2 * QUIET_ZONE,
      path: qrPath(modules.size, (row, col) => modules.get(row, col) !== 0),
    };
  }, [value]);
  return (
    <svg
      className={className}
      role="img"
      aria-label={label}
      data-value={value}
      width={size}
      height={size}
      viewBox={`0 0 ${dimension} ${dimension}`}
      shapeRendering="crispEdges"
    >
      <rect width={dimension} height={dimension} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
