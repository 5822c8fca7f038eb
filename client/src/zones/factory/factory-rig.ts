import { type InstancedMesh, Matrix4, type Object3D, Quaternion, Vector3 } from 'three';
import type { RobotExtras } from '../../../../protocol/src/factory-line';
import { BELT_SPEED, beltLayout, beltOffset, type BeltLayout, slatSpan } from './belt-motion';
import { type ArmDimensions, cyclePose, isRobotStation, newPose, robotPhase, type RobotPose, type RobotStation, WORK_CYCLES, type WorkCycle } from './robot-motion';
import { MarqueError } from '../../../../protocol/src/errors';

/** One robot of the factory's file, with what its cycle needs. */
export interface FactoryRobot {
  /** The `robot_<i>` node. */
  node: Object3D;
  station: RobotStation;
  cycle: WorkCycle;
  /** Seconds into its cycle this robot starts. */
  phase: number;
  arm: ArmDimensions;
  shoulder: Object3D;
  elbow: Object3D;
  wrist: Object3D;
  /** Its pose as of the last update. */
  pose: RobotPose;
}

/** What the pipeline records on an instanced node (pipelines/src/transforms/instance-repeats.ts). */
interface InstanceRecord {
  name: string;
  parent: string;
}

/** One instanced part of every robot: instance k follows pivot k. */
interface RobotPart {
  mesh: InstancedMesh;
  pivots: Object3D[];
}

/** The instance matrices and pivot rotations as the file has them, so the scene can be put back (the loader caches it). */
const FILE_MATRICES = new WeakMap<InstancedMesh, Float32Array>();
const FILE_ROTATIONS = new WeakMap<Object3D, Quaternion>();

const scratchMatrix = new Matrix4();
const scratchInverse = new Matrix4();
const scratchPosition = new Vector3();
const scratchScale = new Vector3();
const scratchQuaternion = new Quaternion();
const scratchSpan = { centre: 0, width: 0 };

/**
 * The factory line's moving parts, found in the environment the pipeline published: the
 * robots (`robots` → `robot_<i>` with `extras.marque.robot`, each a chain of pivots shoulder →
 * elbow → wrist) and the conveyor's slats (`conveyor_slats`). The pipeline draws each robot
 * part of all robots, and all slats, as one instanced mesh; the rig turns the pivots from the
 * robots' cycles and writes the instance matrices from them, so the robots stay one draw call
 * per part.
 */
export class FactoryRig {
  /** The `robots` node: the robots, their instanced parts and (added by the effects) their sparks. */
  readonly group: Object3D;
  readonly robots: FactoryRobot[];
  private readonly parts: RobotPart[];
  private readonly slats: InstancedMesh;
  private readonly belt: BeltLayout;
  private readonly slatCentres: number[];
  /** How far the belt has run, metres within one lap, as of the last update. */
  beltOffset = 0;

  /** Finds the moving parts in `environment`; throws, saying what is missing, when the file lacks them. */
  constructor(environment: Object3D) {
    const group = environment.getObjectByName('robots');
    if (!group) throw new MarqueError('factory', 'the environment has no `robots` node; rebuild the assets with `npm run assets`');
    this.group = group;
    this.robots = group.children.filter((child) => child.userData.marque?.robot).map((node, index) => readRobot(node, index));
    if (this.robots.length === 0) throw new MarqueError('factory', 'the `robots` node holds no robot (`robot_<i>` with extras.marque.robot)');
    this.parts = [];
    group.traverse((object) => {
      const records = object.userData.marque?.instances as InstanceRecord[] | undefined;
      if (!records || !(object as InstancedMesh).isInstancedMesh) return;
      // The pipeline lists instances in document order: the k-th belongs to the k-th robot.
      if (records.length !== this.robots.length) {
        throw new MarqueError('factory', `the instanced robot part "${object.name}" has ${records.length} instances for ${this.robots.length} robots`);
      }
      const pivots = records.map((record, k) => {
        const robot = this.robots[k]!;
        const pivot = record.parent === robot.node.name ? robot.node : findNamed(robot.node, record.parent);
        if (!pivot) throw new MarqueError('factory', `robot "${robot.node.name}" has no "${record.parent}" for its part "${record.name}"`);
        return pivot;
      });
      this.parts.push({ mesh: remember(object as InstancedMesh), pivots });
    });

    let slats: InstancedMesh | undefined;
    environment.traverse((object) => {
      if (!slats && (object as InstancedMesh).isInstancedMesh && baseName(object.name) === 'conveyor_slats') slats = object as InstancedMesh;
    });
    if (!slats) throw new MarqueError('factory', 'the environment has no instanced `conveyor_slats`; rebuild the assets with `npm run assets`');
    this.slats = remember(slats);
    const file = FILE_MATRICES.get(slats)!;
    this.slatCentres = Array.from({ length: slats.count }, (_, k) => file[k * 16 + 12]!);
    slats.geometry.computeBoundingBox();
    const box = slats.geometry.boundingBox!;
    this.belt = beltLayout(this.slatCentres, (box.max.x - box.min.x) * scratchScale.setFromMatrixScale(scratchMatrix.fromArray(file)).x);
  }

  /**
   * Moves everything to `seconds` on the factory's clock: each robot to its pose in its cycle
   * (shifted by its phase), and the belt `speed` m/s along the line. With `seconds` undefined
   * (reduced motion) the robots hold their still poses and the belt stands at its start.
   */
  update(seconds: number | undefined, speed = BELT_SPEED): void {
    this.group.updateWorldMatrix(true, false);
    for (const robot of this.robots) {
      const { joints } = cyclePose(robot.cycle, seconds === undefined ? undefined : seconds + robot.phase, robot.arm, robot.pose);
      robot.shoulder.rotation.set(joints.shoulder, joints.yaw, 0, 'YXZ');
      robot.elbow.rotation.set(joints.elbow, 0, 0);
      robot.wrist.rotation.set(joints.wrist, 0, 0);
      robot.node.updateMatrixWorld(true);
    }
    for (const { mesh, pivots } of this.parts) {
      scratchInverse.copy(mesh.matrixWorld).invert();
      for (let k = 0; k < pivots.length; k++) mesh.setMatrixAt(k, scratchMatrix.multiplyMatrices(scratchInverse, pivots[k]!.matrixWorld));
      mesh.instanceMatrix.needsUpdate = true;
      mesh.computeBoundingSphere();
    }
    this.beltOffset = seconds === undefined ? 0 : beltOffset(seconds, speed, this.belt);
    const file = FILE_MATRICES.get(this.slats)!;
    for (let k = 0; k < this.slatCentres.length; k++) {
      const span = slatSpan(this.slatCentres[k]!, this.beltOffset, this.belt, scratchSpan);
      scratchMatrix.fromArray(file, k * 16).decompose(scratchPosition, scratchQuaternion, scratchScale);
      scratchPosition.x = span.centre;
      // Never quite zero: a degenerate instance matrix would turn its normals into NaN.
      scratchScale.x *= Math.max(span.width / this.belt.slatWidth, 1e-4);
      this.slats.setMatrixAt(k, scratchMatrix.compose(scratchPosition, scratchQuaternion, scratchScale));
    }
    this.slats.instanceMatrix.needsUpdate = true;
  }

  /** Puts the pivots and instances back as the file has them (the loader's cached scene is shared). */
  restore(): void {
    for (const robot of this.robots) {
      for (const pivot of [robot.shoulder, robot.elbow, robot.wrist]) pivot.quaternion.copy(FILE_ROTATIONS.get(pivot)!);
      robot.node.updateMatrixWorld(true);
    }
    for (const mesh of [...this.parts.map((part) => part.mesh), this.slats]) {
      mesh.instanceMatrix.array.set(FILE_MATRICES.get(mesh)!);
      mesh.instanceMatrix.needsUpdate = true;
      mesh.computeBoundingSphere();
    }
  }
}

/** The robot `node` numbered `index`, its pivots, and its arm as the file builds it. */
function readRobot(node: Object3D, index: number): FactoryRobot {
  const extras = node.userData.marque.robot as Partial<RobotExtras>;
  const station: string = extras.station ?? '';
  if (!isRobotStation(station)) throw new MarqueError('factory', `robot "${node.name}" works at "${station}", which has no robot program`);
  const pivot = (parent: Object3D, name: string): Object3D => {
    const found = parent.children.find((child) => baseName(child.name) === name);
    if (!found) throw new MarqueError('factory', `robot "${node.name}" has no "${name}" pivot under "${parent.name}"`);
    if (!FILE_ROTATIONS.has(found)) FILE_ROTATIONS.set(found, found.quaternion.clone());
    return found;
  };
  const shoulder = pivot(node, 'shoulder');
  const elbow = pivot(shoulder, 'elbow');
  const wrist = pivot(elbow, 'wrist');
  const cycle = WORK_CYCLES[station];
  return {
    node,
    station,
    cycle,
    phase: robotPhase(index, cycle),
    arm: { shoulderHeight: shoulder.position.y, lowerArm: elbow.position.y, upperArm: wrist.position.z, toolReach: extras.toolReach ?? 0 },
    shoulder,
    elbow,
    wrist,
    pose: newPose(),
  };
}

/** The first node under `root` whose name, before the loader's `_<n>` suffix, is `name`. */
function findNamed(root: Object3D, name: string): Object3D | undefined {
  let found: Object3D | undefined;
  root.traverse((object) => {
    if (!found && baseName(object.name) === name) found = object;
  });
  return found;
}

/** A node's name as the file gives it: GLTFLoader makes repeated names unique with `_1`, `_2` … */
function baseName(name: string): string {
  return name.replace(/_\d+$/, '');
}

/** Records `mesh`'s instance matrices as the file has them, the first time it is seen. */
function remember(mesh: InstancedMesh): InstancedMesh {
  if (!FILE_MATRICES.has(mesh)) FILE_MATRICES.set(mesh, new Float32Array(mesh.instanceMatrix.array));
  return mesh;
}
