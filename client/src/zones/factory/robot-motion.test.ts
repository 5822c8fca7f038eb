import { describe, expect, it } from 'vitest';
import { type ArmDimensions, type ArmJoints, cyclePose, cycleSeconds, ease, robotPhase, solveArm, type ToolTarget, WORK_CYCLES, type WorkCycle } from './robot-motion';

/** The arm as assets/src/environments/factory-line.ts builds it. */
const ARM: ArmDimensions = { shoulderHeight: 0.85, lowerArm: 1.3, upperArm: 1.15, toolReach: 0.42 };

/**
 * Forward kinematics, the rig's way round: the shoulder turns by `yaw` about +Y and tilts the
 * lower arm (+Y) by `shoulder` about +X; the upper arm and head lie along +Z, tilted further.
 */
function toolTip(j: ArmJoints, arm: ArmDimensions): ToolTarget {
  const upperTilt = j.shoulder + j.elbow;
  const toolTilt = upperTilt + j.wrist;
  const forward = arm.lowerArm * Math.sin(j.shoulder) + arm.upperArm * Math.cos(upperTilt) + arm.toolReach * Math.cos(toolTilt);
  const y = arm.shoulderHeight + arm.lowerArm * Math.cos(j.shoulder) - arm.upperArm * Math.sin(upperTilt) - arm.toolReach * Math.sin(toolTilt);
  return { x: forward * Math.sin(j.yaw), y, z: forward * Math.cos(j.yaw), pitch: toolTilt };
}

const CYCLES = Object.entries(WORK_CYCLES) as [string, WorkCycle][];

describe('solveArm', () => {
  it.each(CYCLES)('puts the tool on every point of the %s cycle, pointing as asked, elbow up', (_, cycle) => {
    for (const { to } of [{ to: cycle.rest }, ...cycle.moves]) {
      const joints = solveArm(to, ARM);
      const tip = toolTip(joints, ARM);
      expect(tip.x).toBeCloseTo(to.x, 6);
      expect(tip.y).toBeCloseTo(to.y, 6);
      expect(tip.z).toBeCloseTo(to.z, 6);
      expect(tip.pitch).toBeCloseTo(to.pitch, 6);
      // Elbow up: the elbow stands above the line from the shoulder to the wrist.
      const elbow = [ARM.lowerArm * Math.sin(joints.shoulder), ARM.lowerArm * Math.cos(joints.shoulder)];
      const tilt = joints.shoulder + joints.elbow;
      const wrist = [elbow[0]! + ARM.upperArm * Math.cos(tilt), elbow[1]! - ARM.upperArm * Math.sin(tilt)];
      expect(wrist[0]! * elbow[1]! - wrist[1]! * elbow[0]!).toBeGreaterThan(0);
    }
  });

  it('stretches towards a point out of reach instead of failing', () => {
    const joints = solveArm({ x: 0, y: 1, z: 5, pitch: 0 }, ARM);
    expect(Object.values(joints).every(Number.isFinite)).toBe(true);
    expect(toolTip(joints, ARM).z).toBeCloseTo(ARM.lowerArm + ARM.upperArm + ARM.toolReach, 2);
  });
});

describe('ease', () => {
  it('starts and ends at rest and is symmetric', () => {
    expect(ease(0)).toBe(0);
    expect(ease(1)).toBe(1);
    expect(ease(0.5)).toBe(0.5);
    expect(ease(0.01)).toBeLessThan(0.001);
    expect(1 - ease(0.99)).toBeLessThan(0.001);
    expect(ease(-1)).toBe(0);
    expect(ease(2)).toBe(1);
  });
});

describe('cyclePose', () => {
  it.each(CYCLES)('%s: starts at rest, moves smoothly (under 2.5 rad/s) through the whole cycle and its repeat, never touching the car', (_, cycle) => {
    const rest = solveArm(cycle.rest, ARM);
    expect(cyclePose(cycle, 0, ARM).joints).toEqual(rest);
    const total = cycleSeconds(cycle);
    expect(total).toBeGreaterThan(6);
    expect(total).toBeLessThan(20);
    let previous = cyclePose(cycle, -0.01, ARM).joints;
    for (let t = 0; t <= 2 * total; t += 0.01) {
      const { joints } = cyclePose(cycle, t, ARM);
      for (const key of ['yaw', 'shoulder', 'elbow', 'wrist'] as const) expect(Math.abs(joints[key] - previous[key])).toBeLessThan(0.025);
      // The car's flank is about 2.05 m in front of the robot.
      expect(toolTip(joints, ARM).z).toBeLessThan(2);
      previous = { ...joints };
    }
  });

  it.each(CYCLES)('%s: works part of the cycle, only where the tool is at the car', (_, cycle) => {
    const total = cycleSeconds(cycle);
    let working = 0;
    const samples = 2000;
    for (let i = 0; i < samples; i++) {
      const pose = cyclePose(cycle, (i / samples) * total, ARM);
      if (!pose.working) continue;
      working++;
      expect(toolTip(pose.joints, ARM).z).toBeGreaterThan(1.4);
    }
    expect(working / samples).toBeGreaterThan(0.1);
    expect(working / samples).toBeLessThan(0.8);
  });

  it('holds a still working pose when motion is reduced: the tool at the car, not working', () => {
    for (const [, cycle] of CYCLES) {
      const still = cyclePose(cycle, undefined, ARM);
      expect(still.working).toBe(false);
      expect(still.joints).toEqual(solveArm(cycle.moves[cycle.still]!.to, ARM));
      expect(toolTip(still.joints, ARM).z).toBeGreaterThan(1.4);
      expect(still.joints).not.toEqual(solveArm(cycle.rest, ARM));
    }
  });

  it('fills the pose it is given, allocating nothing per frame', () => {
    const out = cyclePose(WORK_CYCLES.body, 0, ARM);
    expect(cyclePose(WORK_CYCLES.body, 3, ARM, out)).toBe(out);
  });
});

describe('robotPhase', () => {
  it('starts robots at different points of their cycle, so two at one station do not move in unison', () => {
    const cycle = WORK_CYCLES.body;
    const phases = [0, 1, 2, 3, 4].map((i) => robotPhase(i, cycle));
    expect(phases[0]).toBe(0);
    for (const phase of phases) {
      expect(phase).toBeGreaterThanOrEqual(0);
      expect(phase).toBeLessThan(cycleSeconds(cycle));
    }
    // Well apart: at least a tenth of the cycle between any two.
    for (let i = 0; i < phases.length; i++) {
      for (let k = i + 1; k < phases.length; k++) expect(Math.abs(phases[i]! - phases[k]!)).toBeGreaterThan(cycleSeconds(cycle) / 10);
    }
    let differ = 0;
    for (let t = 0; t < cycleSeconds(cycle); t += 0.25) {
      const a = cyclePose(cycle, t + phases[0]!, ARM).joints;
      const b = cyclePose(cycle, t + phases[1]!, ARM).joints;
      if (Math.abs(a.yaw - b.yaw) + Math.abs(a.shoulder - b.shoulder) > 0.02) differ++;
    }
    expect(differ / (cycleSeconds(cycle) / 0.25)).toBeGreaterThan(0.8);
  });
});
