/** What this browser can draw: no WebGL2 at all, WebGL2 in software (no graphics acceleration), or in hardware. */
export type WebGLSupport = { kind: 'none' } | { kind: 'software'; renderer: string } | { kind: 'hardware'; renderer?: string };

/** Renderer names of software rasterisers: Chromium's SwiftShader, Mesa's llvmpipe and softpipe, Microsoft's Basic Render Driver. */
const SOFTWARE_RENDERERS = /SwiftShader|llvmpipe|softpipe|Software|Basic Render/i;

/** Which of {@link WebGLSupport} a renderer's name means. */
export function classifyRenderer(renderer: string | undefined): WebGLSupport {
  if (renderer && SOFTWARE_RENDERERS.test(renderer)) return { kind: 'software', renderer };
  return { kind: 'hardware', renderer };
}

let detected: WebGLSupport | undefined;

/**
 * Tries a WebGL2 context once per page (and lets it go at once): none means the 3D world
 * cannot start here; a software renderer means it starts, slowly.
 */
export function detectWebGL(): WebGLSupport {
  if (detected) return detected;
  let gl: WebGL2RenderingContext | null = null;
  try {
    gl = document.createElement('canvas').getContext('webgl2');
  } catch {
    gl = null;
  }
  if (!gl) return (detected = { kind: 'none' });
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? (gl.getParameter(info.UNMASKED_RENDERER_WEBGL) as string) : (gl.getParameter(gl.RENDERER) as string);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return (detected = classifyRenderer(renderer));
}
