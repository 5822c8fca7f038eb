import { useMemo, useRef } from 'react';
import { PlaneGeometry, ShaderMaterial, type Mesh } from 'three';
import { useFrameStage } from '../../frame-loop';

/** Props of {@link ComfortVignette}. */
export interface ComfortVignetteProps {
  /** Reads how strong the vignette should be now, 0 (none) to 1 (walking at full speed). */
  strength: () => number;
  /** Share of the view (radius in each eye's screen space) left clear at full strength. */
  clear?: number;
}

const vertexShader = /* glsl */ `
  varying vec2 vScreen;
  void main() {
    // Drawn straight in clip space: locked to each eye with no lag behind the head.
    vScreen = position.xy;
    gl_Position = vec4(position.xy, 0.0, 1.0);
  }
`;
const fragmentShader = /* glsl */ `
  uniform float uStrength;
  uniform float uClear;
  varying vec2 vScreen;
  void main() {
    float r = length(vScreen);
    float inner = mix(1.5, uClear, uStrength);
    float a = smoothstep(inner, inner + 0.35, r) * min(1.0, uStrength * 1.5);
    gl_FragColor = vec4(0.0, 0.0, 0.0, a);
  }
`;

/**
 * A darkening ring round the view while the visitor glides (smooth locomotion): less moving
 * periphery, less vection. Its strength eases towards `strength()` so it fades in and out.
 */
export function ComfortVignette({ strength, clear = 0.55 }: ComfortVignetteProps) {
  const geometry = useMemo(() => new PlaneGeometry(2, 2), []);
  const material = useMemo(
    () =>
      new ShaderMaterial({
        vertexShader,
        fragmentShader,
        uniforms: { uStrength: { value: 0 }, uClear: { value: clear } },
        transparent: true,
        depthTest: false,
        depthWrite: false,
      }),
    [clear],
  );
  const mesh = useRef<Mesh>(null);
  useFrameStage('animation', (_, delta) => {
    const uniform = material.uniforms.uStrength!;
    const target = strength();
    uniform.value += (target - uniform.value) * Math.min(1, delta * 8);
    if (uniform.value < 0.005) uniform.value = 0;
    // A full-screen quad costs fill rate even when clear: drawn only while it shows.
    if (mesh.current) mesh.current.visible = uniform.value > 0;
  });
  return (
    <mesh
      ref={mesh}
      name="xr:vignette"
      geometry={geometry}
      material={material}
      frustumCulled={false}
      renderOrder={10_000}
      visible={false}
    />
  );
}
