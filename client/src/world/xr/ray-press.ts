import type { ThreeEvent } from '@react-three/fiber';
import { useMemo, useRef } from 'react';

/** Pointer handlers of a ray-pressed button, for a mesh's props. */
export interface RayPressHandlers {
  onPointerOver: (event: ThreeEvent<PointerEvent>) => void;
  onPointerOut: () => void;
  onPointerDown: (event: ThreeEvent<PointerEvent>) => void;
  onPointerUp: (event: ThreeEvent<PointerEvent>) => void;
}

/**
 * A press as the VR panels take it: a pointer down then up over the same mesh, however long
 * apart (a ray's trigger, a pinch, a fingertip; at a few frames a second the library's 300 ms
 * click threshold would drop presses). Leaving the mesh cancels it. `setHovered` follows the
 * pointer; `onPress` is read at each press.
 */
export function useRayPress(onPress: () => void, setHovered: (hovered: boolean) => void): RayPressHandlers {
  const pressed = useRef(false);
  const action = useRef(onPress);
  action.current = onPress;
  return useMemo(
    () => ({
      onPointerOver(event) {
        event.stopPropagation();
        setHovered(true);
      },
      onPointerOut() {
        setHovered(false);
        pressed.current = false;
      },
      onPointerDown(event) {
        event.stopPropagation();
        pressed.current = true;
      },
      onPointerUp(event) {
        event.stopPropagation();
        if (!pressed.current) return;
        pressed.current = false;
        action.current();
      },
    }),
    [setHovered],
  );
}
