import { BoxGeometry, Group, InstancedMesh, Matrix4, MeshBasicMaterial, Object3D, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { BELT_SPEED } from './belt-motion';
import { FactoryRig } from './factory-rig';
import { cycleSeconds, WORK_CYCLES } from './robot-motion';
import { ToolEffects } from './tool-effects';

const STATIONS = ['body', 'body', 'paint', 'assembly', 'quality'] as const;
const PARTS = { base: undefined, arm_lower: 'shoulder', arm_upper: 'elbow', head: 'wrist' } as const;

/**
 * The factory as GLTFLoader hands it over after the pipeline: robots of pivots whose parts are
 * drawn by one InstancedMesh per part under `robots` (repeated names made unique, `shoulder_1`),
 * and the belt's slats as one InstancedMesh.
 */
function loadedFactory(): Object3D {
  const root = new Group();
  const robots = new Group();
  robots.name = 'robots';
  root.add(robots);
  const unique = (name: string, i: number) => (i === 0 ? name : `${name}_${i}`);
  const nodes = STATIONS.map((station, i) => {
    const robot = new Group();
    robot.name = `robot_${i}`;
    robot.position.set(-11.7 + 5 * i, 0, i % 2 ? 3 : -3);
    robot.rotation.y = i % 2 ? Math.PI : 0;
    robot.userData.marque = { robot: { station, toolReach: 0.42 } };
    const shoulder = new Group();
    shoulder.name = unique('shoulder', i);
    shoulder.position.set(0, 0.85, 0);
    shoulder.rotation.x = 0.35;
    const elbow = new Group();
    elbow.name = unique('elbow', i);
    elbow.position.set(0, 1.3, 0);
    elbow.rotation.x = 0.25;
    const wrist = new Group();
    wrist.name = unique('wrist', i);
    wrist.position.set(0, 0, 1.15);
    wrist.rotation.x = 0.6;
    robots.add(robot);
    robot.add(shoulder);
    shoulder.add(elbow);
    elbow.add(wrist);
    return { robot, shoulder, elbow, wrist };
  });
  root.updateMatrixWorld(true);
  for (const [part, pivot] of Object.entries(PARTS)) {
    const mesh = new InstancedMesh(new BoxGeometry(0.3, 0.3, 0.3), new MeshBasicMaterial(), nodes.length);
    mesh.name = part;
    mesh.userData.marque = { instances: nodes.map(({ robot }) => ({ name: part, parent: pivot ?? robot.name })) };
    nodes.forEach((node, k) => mesh.setMatrixAt(k, (pivot ? node[pivot] : node.robot).matrixWorld));
    robots.add(mesh);
  }
  const holder = new Group();
  holder.name = 'conveyor_slats';
  const slats = new InstancedMesh(new BoxGeometry(0.37, 0.05, 2.5).translate(0, 0.425, 0), new MeshBasicMaterial(), 110);
  slats.name = 'conveyor_slats_1';
  for (let k = 0; k < 110; k++) slats.setMatrixAt(k, new Matrix4().makeTranslation(-21.8 + 0.4 * k, 0, 0));
  holder.add(slats);
  root.add(holder);
  root.updateMatrixWorld(true);
  return root;
}

const named = (root: Object3D, name: string) => root.getObjectByName(name) as InstancedMesh;
const matrixAt = (mesh: InstancedMesh, k: number) => Array.from(mesh.instanceMatrix.array.slice(k * 16, k * 16 + 16));

describe('FactoryRig', () => {
  it('draws each robot part where its pivot is, robot by robot', () => {
    const root = loadedFactory();
    const rig = new FactoryRig(root);
    rig.update(3.2);
    const arm = named(root, 'arm_lower');
    rig.robots.forEach((robot, k) => {
      const expected = Array.from(robot.shoulder.matrixWorld.elements);
      matrixAt(arm, k).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    });
    const head = named(root, 'head');
    const wrist = new Vector3().setFromMatrixPosition(rig.robots[4]!.wrist.matrixWorld);
    const drawn = new Vector3().setFromMatrixPosition(new Matrix4().fromArray(head.instanceMatrix.array, 4 * 16));
    expect(drawn.distanceTo(wrist)).toBeLessThan(1e-5);
  });

  it('moves the robots with the clock, each at its own point of its cycle, and holds still when motion is reduced', () => {
    const root = loadedFactory();
    const rig = new FactoryRig(root);
    expect(rig.robots.map((r) => r.station)).toEqual([...STATIONS]);
    const angles = () => rig.robots.map((r) => [r.shoulder.rotation.x, r.shoulder.rotation.y, r.elbow.rotation.x, r.wrist.rotation.x]);
    rig.update(10);
    const at10 = angles();
    rig.update(11);
    const at11 = angles();
    at10.forEach((a, k) => expect(a).not.toEqual(at11[k]));
    // The body shop's two welders: the same program, not the same pose.
    expect(at10[0]).not.toEqual(at10[1]);
    rig.update(undefined);
    const still = angles();
    rig.update(undefined);
    expect(angles()).toEqual(still);
  });

  it('runs the belt along the line at its speed, and stops it when motion is reduced', () => {
    const root = loadedFactory();
    const rig = new FactoryRig(root);
    const slats = named(root, 'conveyor_slats_1');
    rig.update(2);
    expect(rig.beltOffset).toBeCloseTo(2 * BELT_SPEED, 9);
    expect(matrixAt(slats, 50)[12]).toBeCloseTo(-21.8 + 0.4 * 50 + 2 * BELT_SPEED, 5);
    rig.update(undefined);
    expect(rig.beltOffset).toBe(0);
    expect(matrixAt(slats, 50)[12]).toBeCloseTo(-21.8 + 0.4 * 50, 5);
  });

  it('puts everything back as the file has it (the loaded scene is cached and shared)', () => {
    const root = loadedFactory();
    const before = ['base', 'arm_lower', 'arm_upper', 'head', 'conveyor_slats_1'].map((name) => Array.from(named(root, name).instanceMatrix.array));
    const rig = new FactoryRig(root);
    rig.update(5);
    rig.restore();
    const after = ['base', 'arm_lower', 'arm_upper', 'head', 'conveyor_slats_1'].map((name) => Array.from(named(root, name).instanceMatrix.array));
    after.forEach((array, i) => array.forEach((v, k) => expect(v).toBeCloseTo(before[i]![k]!, 6)));
    expect(rig.robots[0]!.elbow.rotation.x).toBeCloseTo(0.25, 9);
    // A second rig on the same scene starts from the file, not from where the first left off.
    rig.update(7);
    const again = new FactoryRig(root);
    again.restore();
    expect(again.robots[0]!.elbow.rotation.x).toBeCloseTo(0.25, 9);
  });

  it('says what is missing from a file without robots or a belt', () => {
    expect(() => new FactoryRig(new Group())).toThrow(/no `robots` node.*npm run assets/);
    const root = loadedFactory();
    root.getObjectByName('conveyor_slats')!.removeFromParent();
    expect(() => new FactoryRig(root)).toThrow(/no instanced `conveyor_slats`/);
  });
});

describe('ToolEffects', () => {
  it('shows each tool working only while it works, and nothing when hidden', () => {
    const root = loadedFactory();
    const rig = new FactoryRig(root);
    const effects = new ToolEffects(rig);
    const seen = { weld_glow: false, weld_sparks: false, paint_mist: false, scanner_fan: false };
    const step = 0.05;
    for (let t = 0; t < cycleSeconds(WORK_CYCLES.quality); t += step) {
      rig.update(t);
      effects.update(t);
      for (const name of Object.keys(seen) as (keyof typeof seen)[]) {
        const object = root.getObjectByName(name)!;
        seen[name] ||= object.visible;
      }
      const welder = rig.robots[0]!;
      expect(root.getObjectByName('weld_glow')!.visible).toBe(welder.pose.working);
      // Sparks fly from the tool's tip and fall: near it, and mostly below it.
      if (welder.pose.working) {
        const tip = new Vector3(0, 0, welder.arm.toolReach).applyMatrix4(welder.wrist.matrixWorld);
        const positions = (root.getObjectByName('weld_sparks') as Object3D & { geometry: BoxGeometry }).geometry.attributes.position!;
        for (let i = 0; i < 24; i++) expect(new Vector3().fromBufferAttribute(positions, i).distanceTo(tip)).toBeLessThan(2);
      }
    }
    expect(seen).toEqual({ weld_glow: true, weld_sparks: true, paint_mist: true, scanner_fan: true });
    effects.hide();
    for (const name of Object.keys(seen)) expect(root.getObjectByName(name)!.visible).toBe(false);
    effects.dispose();
    for (const name of Object.keys(seen)) expect(root.getObjectByName(name)).toBeUndefined();
  });
});
