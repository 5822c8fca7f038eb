import type { ILogger } from '@gltf-transform/core';

const SKIPPED = /^quantize: Skipping (\w+); out of \[(-?\d),\s*1\] range\.$/;

/**
 * Wraps a document's logger for the time of one asset's build: glTF-Transform's quantize()
 * warns once per primitive whose texture coordinates leave [0, 1] (tiling textures, which it
 * keeps as floats; that is right, and correct to draw), which printed over a hundred identical
 * lines on `npm start`. It counts those and passes everything else on; {@link summary} is
 * the one line to print per asset instead.
 */
export class QuietQuantizeLogger implements ILogger {
  private readonly skipped = new Map<string, number>();

  constructor(private readonly inner: ILogger) {}

  debug(text: string): void {
    this.inner.debug(text);
  }

  info(text: string): void {
    this.inner.info(text);
  }

  warn(text: string): void {
    const match = SKIPPED.exec(text);
    if (!match) return this.inner.warn(text);
    this.skipped.set(match[1]!, (this.skipped.get(match[1]!) ?? 0) + 1);
  }

  error(text: string): void {
    this.inner.error(text);
  }

  /** `undefined` when quantize skipped nothing; else one line naming each attribute and how often. */
  summary(unit: string): string | undefined {
    if (this.skipped.size === 0) return undefined;
    const counts = [...this.skipped].map(([semantic, n]) => `${semantic} in ${n} primitive${n === 1 ? '' : 's'}`).join(', ');
    return `${unit}: kept as floats (values outside the quantisable range, e.g. tiling texture coordinates): ${counts}`;
  }
}
