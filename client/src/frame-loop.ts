import { type RenderCallback, useFrame } from '@react-three/fiber';

/**
 * The client's per-frame systems, in the order they run each frame. Each stage reads what the
 * ones before it wrote this frame:
 * - `input`: the headset's viewer pose and the controllers' sticks, buttons and pinches
 *   (snap turns and teleports land here);
 * - `locomotion`: the visitor's rig moves (desktop and touch walking, the XR floor under the headset);
 * - `portals`: where the visitor now stands may be a doorway, and a trip starts;
 * - `animation`: the zones' motion (turntables, doors, robots, the show's lights) and what
 *   follows the visitor (the VR menu's tab, the comfort vignette);
 * - `avatars`: the other visitors, drawn at their interpolated poses;
 * - `send`: the local pose, as it will be drawn, goes to the room.
 */
export const FRAME_STAGES = ['input', 'locomotion', 'portals', 'animation', 'avatars', 'send'] as const;

/** One of {@link FRAME_STAGES}. */
export type FrameStage = (typeof FRAME_STAGES)[number];

/**
 * The r3f `useFrame` priority of each stage. All negative: a positive priority would tell r3f that
 * the callback renders the scene itself, and r3f would stop rendering (the scene drawn never, or
 * twice). Negative priorities only order callbacks, lowest first, and r3f still renders once after
 * every callback. All above −1000, where @react-three/xr reads the XR frame (controllers, hands),
 * and below −50 and 0, where its pointers cast their rays and other libraries' callbacks run: rays
 * start from where locomotion put the controllers this frame.
 */
export const FRAME_PRIORITY: Readonly<Record<FrameStage, number>> = {
  input: -600,
  locomotion: -500,
  portals: -400,
  animation: -300,
  avatars: -200,
  send: -100,
};

/**
 * Runs `callback` every frame in its `stage` of the frame loop. Every per-frame callback of the
 * client goes through this, so {@link FRAME_STAGES} alone sets their order. The callback must
 * allocate nothing: keep scratch objects at module level or per instance.
 */
export function useFrameStage(stage: FrameStage, callback: RenderCallback): void {
  useFrame(callback, FRAME_PRIORITY[stage]);
}
