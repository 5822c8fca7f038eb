import { useEffect, useState, useSyncExternalStore } from 'react';
import type { WorldConnection } from '../net/world-connection';
import { createEars, earsAt } from './ears';
import { VoiceClient, type VoiceSnapshot } from './voice-client';

const PREFERENCE_KEY = 'marque:voice';
let active: VoiceClient | undefined;

/** The voice of the page's current room, for the per-frame ears (voice-ears.tsx). */
export function activeVoice(): VoiceClient | undefined {
  return active;
}

/** Whether this browser left voice on (the default) or turned it off. */
export function voicePreferred(): boolean {
  return localStorage.getItem(PREFERENCE_KEY) !== 'off';
}

/** Remembers the visitor's choice of voice on or off in this browser. */
export function rememberVoice(on: boolean): void {
  localStorage.setItem(PREFERENCE_KEY, on ? 'on' : 'off');
}

/** The voice of `connection`'s room: made with the connection, disposed with it. */
export function useVoice(connection: WorldConnection | undefined): VoiceClient | undefined {
  const [voice, setVoice] = useState<VoiceClient>();
  useEffect(() => {
    if (!connection) return;
    const made = new VoiceClient(connection, voicePreferred());
    active = made;
    setVoice(made);
    return () => {
      made.dispose();
      if (active === made) active = undefined;
      setVoice(undefined);
    };
  }, [connection]);
  return voice;
}

/** Every 100 ms, ears at the head of the pose `connection` last sent (flat mode, where no camera is). */
export function usePoseEars(voice: VoiceClient | undefined, connection: WorldConnection | undefined): void {
  useEffect(() => {
    if (!voice || !connection) return;
    const ears = createEars();
    const timer = setInterval(() => {
      if (connection.ownPose) voice.place(earsAt(connection.ownPose.head, ears), performance.now());
    }, 100);
    return () => clearInterval(timer);
  }, [voice, connection]);
}

/** Re-renders on every change of `voice`'s state. */
export function useVoiceSnapshot(voice: VoiceClient): VoiceSnapshot {
  return useSyncExternalStore(voice.subscribe, voice.getSnapshot);
}
