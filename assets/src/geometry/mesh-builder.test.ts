import { describe, expect, it } from 'vitest';
import { MeshBuilder } from './mesh-builder';

describe('MeshBuilder', () => {
  it('drops degenerate triangles instead of emitting them', () => {
    const mesh = new MeshBuilder()
      .triangle([0, 0, 0], [1, 0, 0], [0, 1, 0])
      .triangle([0, 0, 0], [1, 0, 0], [2, 0, 0])
      .triangle([0, 0, 0], [0, 0, 0], [0, 1, 0]);
    expect(mesh.triangleCount).toBe(1);
    expect(mesh.build().indices).toHaveLength(3);
  });

  it('smooths shallow folds and keeps sharp edges crisp', () => {
    // Two quads hinged on the Z axis; their normals differ by `angle`.
    const fold = (angle: number) => {
      const p: [number, number, number] = [-Math.cos(angle), Math.sin(angle), 0];
      return new MeshBuilder()
        .quad([0, 0, 0], [1, 0, 0], [1, 0, -1], [0, 0, -1])
        .quad([0, 0, 0], [0, 0, -1], [p[0], p[1], -1], p)
        .build({ creaseAngle: 40 });
    };
    // Shared hinge vertices: one each when smoothed, two each across a crease.
    expect(fold((20 * Math.PI) / 180).positions.length / 3).toBe(6);
    expect(fold((90 * Math.PI) / 180).positions.length / 3).toBe(8);
  });

  it('welds shared corners into one vertex with a unit normal', () => {
    const data = new MeshBuilder().quad([0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]).build();
    expect(data.positions.length / 3).toBe(4);
    expect(data.indices).toHaveLength(6);
    for (let i = 0; i < data.normals.length; i += 3) expect([...data.normals.slice(i, i + 3)]).toEqual([0, 0, 1]);
  });
});
