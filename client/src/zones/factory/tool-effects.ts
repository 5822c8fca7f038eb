import {
  AdditiveBlending,
  BufferAttribute,
  BufferGeometry,
  ConeGeometry,
  DataTexture,
  DoubleSide,
  Float32BufferAttribute,
  LinearFilter,
  Matrix4,
  Mesh,
  MeshBasicMaterial,
  type Object3D,
  Points,
  PointsMaterial,
  Sprite,
  SpriteMaterial,
  Vector3,
} from 'three';
import type { FactoryRig, FactoryRobot } from './factory-rig';

/** Sparks each welding tool throws at a time. */
const SPARKS_PER_TOOL = 24;
/** Seconds a spark flies before it dies out. */
const SPARK_LIFE = 0.5;
const GRAVITY = -9.8;

const scratchTip = new Vector3();
const scratchInverse = new Matrix4();

/**
 * What the robots' tools show while they work, for a few draw calls and no lights: at the
 * body shop a flickering weld glow at each tool's tip and a shower of sparks falling from it;
 * at paint a mist cone from the gun; at quality a red scanner fan that draws a line over the car.
 * (A fitting tool shows nothing: the press is the work.) Each effect is drawn only while its
 * tool works. Glow, mist and fan ride on the wrists; the sparks, one point cloud for every
 * welder, fly free in the `robots` node's space.
 */
export class ToolEffects {
  private readonly welders: { robot: FactoryRobot; glow: Sprite }[] = [];
  private readonly others: { robot: FactoryRobot; effect: Mesh; pulse: (seconds: number) => void }[] = [];
  private readonly sparks: Points<BufferGeometry, PointsMaterial>;
  private readonly owned: Object3D[] = [];
  private readonly dot = roundDot();

  constructor(private readonly rig: FactoryRig) {
    for (const robot of rig.robots) {
      const tip = robot.arm.toolReach;
      if (robot.cycle.tool === 'weld') {
        const glow = new Sprite(new SpriteMaterial({ map: this.dot, color: '#fff1c8', blending: AdditiveBlending, depthWrite: false, toneMapped: false }));
        glow.name = 'weld_glow';
        glow.position.set(0, 0, tip + 0.02);
        this.attach(robot.wrist, glow);
        this.welders.push({ robot, glow });
      } else if (robot.cycle.tool === 'spray') {
        const mist = new Mesh(mistGeometry(), new MeshBasicMaterial({ vertexColors: true, transparent: true, depthWrite: false, side: DoubleSide }));
        mist.name = 'paint_mist';
        mist.position.set(0, 0, tip);
        this.attach(robot.wrist, mist);
        this.others.push({
          robot,
          effect: mist,
          pulse: (seconds) => mist.scale.setScalar(1 + 0.06 * Math.sin(seconds * 23) + 0.04 * Math.sin(seconds * 37)),
        });
      } else if (robot.cycle.tool === 'scan') {
        const fan = new Mesh(scanGeometry(), new MeshBasicMaterial({ vertexColors: true, blending: AdditiveBlending, transparent: true, depthWrite: false, side: DoubleSide, toneMapped: false }));
        fan.name = 'scanner_fan';
        fan.position.set(0, 0, tip);
        this.attach(robot.wrist, fan);
        this.others.push({ robot, effect: fan, pulse: (seconds) => (fan.material.opacity = 0.85 + 0.15 * Math.sin(seconds * 50)) });
      }
    }
    const positions = new Float32Array(this.welders.length * SPARKS_PER_TOOL * 3);
    const colours = new Float32Array(positions.length);
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(positions, 3));
    geometry.setAttribute('color', new BufferAttribute(colours, 3));
    this.sparks = new Points(
      geometry,
      new PointsMaterial({ size: 0.045, map: this.dot, vertexColors: true, blending: AdditiveBlending, transparent: true, depthWrite: false, toneMapped: false }),
    );
    this.sparks.name = 'weld_sparks';
    // They fly wherever the welds are: their bounds change every frame.
    this.sparks.frustumCulled = false;
    this.sparks.visible = false;
    if (this.welders.length > 0) this.attach(rig.group, this.sparks);
    for (const { effect } of this.others) effect.visible = false;
    for (const { glow } of this.welders) glow.visible = false;
  }

  /** Shows each tool's effect as of `seconds`, after the rig's update (its poses say which tools work). */
  update(seconds: number): void {
    for (const { robot, effect, pulse } of this.others) {
      effect.visible = robot.pose.working;
      if (effect.visible) pulse(seconds);
    }
    const positions = this.sparks.geometry.attributes.position!.array as Float32Array;
    const colours = this.sparks.geometry.attributes.color!.array as Float32Array;
    scratchInverse.copy(this.rig.group.matrixWorld).invert();
    let anyWelding = false;
    for (let w = 0; w < this.welders.length; w++) {
      const { robot, glow } = this.welders[w]!;
      const welding = robot.pose.working;
      anyWelding ||= welding;
      glow.visible = welding;
      // An arc flickers: the glow's size and brightness jump from frame to frame.
      const flicker = 0.6 + 0.4 * hash(Math.floor(seconds * 30) + 97 * w);
      glow.scale.setScalar(0.16 + 0.14 * flicker);
      glow.material.opacity = flicker;
      scratchTip.set(0, 0, robot.arm.toolReach).applyMatrix4(robot.wrist.matrixWorld).applyMatrix4(scratchInverse);
      for (let k = 0; k < SPARKS_PER_TOOL; k++) {
        const i = (w * SPARKS_PER_TOOL + k) * 3;
        // Each spark is born at the tip, flies on a velocity its birth picks and falls; a new one replaces it when it dies out.
        const lived = seconds / SPARK_LIFE + k / SPARKS_PER_TOOL + 0.37 * w;
        const age = (lived % 1) * SPARK_LIFE;
        const birth = Math.floor(lived) * SPARKS_PER_TOOL + k + 1000 * w;
        const angle = 2 * Math.PI * hash(birth);
        const speed = 0.8 + 1.6 * hash(birth + 0.5);
        const rise = 0.2 + 1.4 * hash(birth + 0.25);
        positions[i] = scratchTip.x + Math.cos(angle) * speed * age;
        // They land and skid on the floor (the `robots` node stands on it).
        positions[i + 1] = Math.max(0.01, scratchTip.y + rise * age + 0.5 * GRAVITY * age * age);
        positions[i + 2] = scratchTip.z + Math.sin(angle) * speed * age;
        // White-hot at birth, cooling to orange, then out (additive: black draws nothing).
        const heat = welding ? (1 - age / SPARK_LIFE) ** 1.5 : 0;
        colours[i] = heat;
        colours[i + 1] = heat * (0.55 + 0.4 * heat);
        colours[i + 2] = heat * heat * 0.6;
      }
    }
    this.sparks.visible = anyWelding;
    if (anyWelding) {
      this.sparks.geometry.attributes.position!.needsUpdate = true;
      this.sparks.geometry.attributes.color!.needsUpdate = true;
    }
  }

  /** Hides every effect (reduced motion: no flicker, no sparks). */
  hide(): void {
    for (const object of this.owned) object.visible = false;
  }

  /** Takes the effects out of the environment's graph and frees them. */
  dispose(): void {
    for (const object of this.owned) {
      object.removeFromParent();
      const { geometry, material } = object as Mesh<BufferGeometry, MeshBasicMaterial>;
      // Every sprite shares three's one quad: only the meshes' own geometries are freed.
      if (!(object as Sprite).isSprite) geometry.dispose();
      material.dispose();
    }
    this.dot.dispose();
  }

  private attach(parent: Object3D, object: Object3D): void {
    parent.add(object);
    this.owned.push(object);
  }
}

/** A repeatable pseudo-random number in [0, 1) for `n`: the same spark flies the same way every frame. */
function hash(n: number): number {
  const x = Math.sin(n * 127.1 + 311.7) * 43758.5453;
  return x - Math.floor(x);
}

/** A small white dot, soft at its edge: the sparks' and the weld glow's shape. */
function roundDot(): DataTexture {
  const size = 32;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2) / (size / 2);
      const i = (y * size + x) * 4;
      data[i] = data[i + 1] = data[i + 2] = 255;
      data[i + 3] = Math.round(255 * Math.max(0, 1 - r) ** 1.6);
    }
  }
  const texture = new DataTexture(data, size, size);
  texture.magFilter = texture.minFilter = LinearFilter;
  texture.needsUpdate = true;
  return texture;
}

/** A spray cone opening along +Z from its tip at the origin, denser near the gun (vertex alpha). */
function mistGeometry(): BufferGeometry {
  const length = 0.6;
  const geometry = new ConeGeometry(0.26, length, 20, 4, true);
  // The cone stands along +Y with its apex up: lay it along +Z, apex at the origin.
  geometry.rotateX(-Math.PI / 2).translate(0, 0, length / 2);
  const position = geometry.attributes.position!;
  const colours: number[] = [];
  for (let i = 0; i < position.count; i++) {
    const along = position.getZ(i) / length;
    colours.push(0.86, 0.89, 0.94, 0.42 * (1 - along) ** 1.3 + 0.04);
  }
  geometry.setAttribute('color', new Float32BufferAttribute(colours, 4));
  return geometry;
}

/** A scanner's fan of red light along +Z from the origin: where it cuts the car, a line of light. */
function scanGeometry(): BufferGeometry {
  const reach = 1.2;
  const half = 0.5;
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute([0, 0, 0, 0, half, reach, 0, -half, reach], 3));
  geometry.setAttribute('color', new Float32BufferAttribute([0.7, 0.08, 0.05, 0.32, 0.03, 0.02, 0.32, 0.03, 0.02], 3));
  return geometry;
}
