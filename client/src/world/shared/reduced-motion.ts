/**
 * The visitor's "reduce motion" setting as a live media query: read `matches` when it matters (it
 * follows a change of the setting), or listen for `change`. Undefined where there is no
 * `matchMedia` (tests outside a browser).
 */
export const reducedMotion: MediaQueryList | undefined =
  typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : undefined;
