/**
 * What one frame of the world page costs the renderer, read from three.js's `renderer.info`
 * on the page's inspection handle (`window.marque.renderer`). Shared by the frame-budget test
 * (e2e/zones.test.ts) and bench:client.
 */
import type { Page } from 'playwright-core';

/** One whole frame's work. */
export interface FrameFigures {
  /** Draw calls, shadow-map passes included. */
  drawCalls: number;
  /** Triangles drawn, every instance and pass counted. */
  triangles: number;
  /** `renderer.render()` calls in the frame: 1 for @react-three/fiber's loop, more where something renders off-screen as well. */
  renders: number;
}

/**
 * Counts one frame. three.js zeroes `info.render` at the start of each `render()` by default,
 * so a read between frames sees only the last call; here automatic resets are off for one
 * frame: reset in one animation-frame callback, read in the next, then restored.
 *
 * @react-three/fiber renders in its own requestAnimationFrame callback, which asks for the
 * next frame before it renders; a callback asked for afterwards runs after it in the same
 * frame. So the reset lands just after frame N is drawn and the read just after frame N + 1:
 * between them, exactly frame N + 1's work, whatever else rendered in it.
 *
 * Page functions here and in bench:client declare no named functions: tsx would wrap them in
 * a helper (`__name`) that the page does not have.
 */
export async function measureFrame(page: Page): Promise<FrameFigures> {
  const figures = await page.evaluate(
    () =>
      new Promise<FrameFigures | string>((resolve) => {
        const renderer = window.marque?.renderer;
        if (!renderer) return resolve('the page has no window.marque.renderer');
        const { info } = renderer;
        requestAnimationFrame(() => {
          const autoReset = info.autoReset;
          info.autoReset = false;
          info.reset();
          const frame = info.render.frame;
          requestAnimationFrame(() => {
            const { calls, triangles } = info.render;
            const renders = info.render.frame - frame;
            info.autoReset = autoReset;
            resolve({ drawCalls: calls, triangles, renders });
          });
        });
      }),
  );
  if (typeof figures === 'string') throw new Error(`bench/frame-figures: ${figures}`);
  if (figures.renders === 0) throw new Error('bench/frame-figures: the world drew nothing in an animation frame (is its render loop running?)');
  return figures;
}

/** Resolves after the page has drawn `count` more frames. */
export function nextFrames(page: Page, count: number): Promise<void> {
  return page.evaluate(async (frames) => {
    for (let i = 0; i < frames; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  }, count);
}
