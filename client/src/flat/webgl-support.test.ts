import { describe, expect, it } from 'vitest';
import { classifyRenderer } from './webgl-support';

describe('classifyRenderer', () => {
  it('tells software rasterisers from graphics hardware', () => {
    expect(classifyRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)').kind).toBe('software');
    expect(classifyRenderer('llvmpipe (LLVM 15.0.6, 256 bits)').kind).toBe('software');
    expect(classifyRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3070 Direct3D11 vs_5_0 ps_5_0)').kind).toBe('hardware');
    expect(classifyRenderer(undefined).kind).toBe('hardware');
  });
});
