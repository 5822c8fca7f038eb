import { BoxGeometry, Group, Mesh, MeshStandardMaterial } from 'three';
import { describe, expect, it } from 'vitest';
import { LAMPS_ON_INTENSITY, switchLampsOn } from './car-lamps';

function car() {
  const front = new MeshStandardMaterial({ name: 'light_front', emissive: 0xffffff });
  const rear = new MeshStandardMaterial({ name: 'light_rear', emissive: 0xff0000 });
  const paint = new MeshStandardMaterial({ name: 'paint' });
  const root = new Group();
  const lights = new Mesh(new BoxGeometry(), [front, rear]);
  const body = new Mesh(new BoxGeometry(), paint);
  root.add(lights, body);
  return { root, lights, body, front, rear, paint };
}

describe("a car's lamps", () => {
  it('glow brighter while on, on this copy of the car only, and go back as built', () => {
    const c = car();
    const other = new Mesh(new BoxGeometry(), [c.front, c.rear]);
    const off = switchLampsOn(c.root);
    const [front, rear] = c.lights.material as MeshStandardMaterial[];
    expect(front!.emissiveIntensity).toBe(LAMPS_ON_INTENSITY);
    expect(rear!.emissiveIntensity).toBe(LAMPS_ON_INTENSITY);
    expect(front).not.toBe(c.front);
    // The shared materials, and so another copy of the same car, are untouched.
    expect(c.front.emissiveIntensity).toBe(1);
    expect(other.material).toEqual([c.front, c.rear]);
    expect(c.body.material).toBe(c.paint);
    off();
    expect(c.lights.material).toEqual([c.front, c.rear]);
    expect((c.lights.material as MeshStandardMaterial[])[0]).toBe(c.front);
  });
});
