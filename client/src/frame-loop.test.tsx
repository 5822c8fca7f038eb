import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { advance, createRoot, type ReconcilerRoot, useFrame } from '@react-three/fiber';
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_PRIORITY, FRAME_STAGES, type FrameStage, useFrameStage } from './frame-loop';

// React's act() warns unless the environment says it is a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Just enough of a WebGLRenderer for r3f's loop: it records when the scene is drawn. */
function fakeRenderer(log: string[]) {
  return {
    render: () => log.push('render'),
    setSize() {},
    setPixelRatio() {},
    shadowMap: {},
    xr: { enabled: false, isPresenting: false, addEventListener() {}, removeEventListener() {}, setAnimationLoop() {} },
  };
}

const canvas = { width: 64, height: 64, style: {}, addEventListener() {}, removeEventListener() {} } as unknown as HTMLCanvasElement;

function Stage({ stage, log }: { stage: FrameStage; log: string[] }) {
  useFrameStage(stage, () => void log.push(stage));
  return null;
}

/** A library's callback at r3f's default priority, as drei's and @react-three/xr's are. */
function Library({ log }: { log: string[] }) {
  useFrame(() => void log.push('library'));
  return null;
}

let root: ReconcilerRoot<HTMLCanvasElement> | undefined;

afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
});

/** Mounts the stages in the reverse of their order, so that mount order cannot explain the result. */
async function mountStages(log: string[]): Promise<void> {
  root = createRoot(canvas);
  await act(async () => {
    await root!.configure({ gl: fakeRenderer(log) as never, frameloop: 'never', size: { width: 64, height: 64, top: 0, left: 0 } });
  });
  await act(async () => {
    root!.render(
      <>
        <Library log={log} />
        {[...FRAME_STAGES].reverse().map((stage) => (
          <Stage key={stage} stage={stage} log={log} />
        ))}
      </>,
    );
  });
}

describe('frame loop', () => {
  it('orders the systems input → locomotion → portals → animation → avatars → send', () => {
    expect(FRAME_STAGES).toEqual(['input', 'locomotion', 'portals', 'animation', 'avatars', 'send']);
    const priorities = FRAME_STAGES.map((stage) => FRAME_PRIORITY[stage]);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    expect(new Set(priorities).size).toBe(FRAME_STAGES.length);
  });

  it('never takes rendering over from r3f, and runs after @react-three/xr reads the XR frame', () => {
    for (const stage of FRAME_STAGES) {
      expect(FRAME_PRIORITY[stage]).toBeLessThan(0);
      expect(FRAME_PRIORITY[stage]).toBeGreaterThan(-1000);
    }
  });

  it('runs every stage in order each frame, then the default callbacks, then renders exactly once', async () => {
    const log: string[] = [];
    await mountStages(log);
    advance(16);
    advance(32);
    const frame = [...FRAME_STAGES, 'library', 'render'];
    expect(log).toEqual([...frame, ...frame]);
  });

  it('is the only way the client runs code every frame: no useFrame without a stage', () => {
    const client = import.meta.dirname;
    const bare = readdirSync(client, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && !/^frame-loop(\.test)?\.tsx?$/.test(file))
      .filter((file) => /\buseFrame\(/.test(readFileSync(join(client, file), 'utf8')));
    expect(bare).toEqual([]);
  });
});
