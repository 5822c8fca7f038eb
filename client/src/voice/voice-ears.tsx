import { Quaternion, Vector3 } from 'three';
import { useFrameStage } from '../frame-loop';
import { createEars } from './ears';
import { activeVoice } from './use-voice';

const ears = createEars();
const position = new Vector3();
const forward = new Vector3();
const up = new Vector3();
const turn = new Quaternion();
/** The right controller's B (gamepad button 5; the left's X and Y open the comfort menu): held, it talks. */
const TALK_BUTTON = 5;
let vrHeld = false;

/**
 * Puts the listener's ears where the camera (the visitor's head, in VR too) is, once a frame after
 * the avatars move, and places each voice at its speaker's head; in a headset, holding the right controller's B talks.
 */
export function VoiceEars() {
  useFrameStage('avatars', ({ camera, gl }) => {
    const voice = activeVoice();
    if (!voice) return;
    camera.getWorldPosition(position);
    camera.getWorldQuaternion(turn);
    forward.set(0, 0, -1).applyQuaternion(turn);
    up.set(0, 1, 0).applyQuaternion(turn);
    ears.x = position.x;
    ears.y = position.y;
    ears.z = position.z;
    ears.forwardX = forward.x;
    ears.forwardY = forward.y;
    ears.forwardZ = forward.z;
    ears.upX = up.x;
    ears.upY = up.y;
    ears.upZ = up.z;
    voice.place(ears, performance.now());
    const session = gl.xr.getSession();
    let held = false;
    if (session) for (const source of session.inputSources) if (source.handedness === 'right' && source.gamepad?.buttons[TALK_BUTTON]?.pressed) held = true;
    if (held !== vrHeld) {
      vrHeld = held;
      voice.hold('vr', held);
    }
  });
  return null;
}
