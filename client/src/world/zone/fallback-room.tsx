import type { ThreeEvent } from '@react-three/fiber';
import { useXR } from '@react-three/xr';
import { useEffect, useMemo, useRef } from 'react';
import { canvasFont } from '../../i18n/fonts';
import { t } from '../../i18n/i18n';
import { useCanvasFonts } from '../../i18n/use-canvas-fonts';
import { wrapText } from '../../i18n/wrap-text';
import { BackSide, CanvasTexture, SRGBColorSpace } from 'three';
import type { ZoneLayout } from './zone-layout';

/** Props of {@link FallbackRoom}. */
export interface FallbackRoomProps {
  /** What failed, in words. */
  failure: string;
  /** Loads the zone again. */
  onRetry: () => void;
  /** Called with the room's spawn and walls, so that the visitor stands in it. */
  onLayout?: (layout: ZoneLayout) => void;
}

/** The room is 8 m square around the origin; the visitor starts 2.5 m back, facing the panel. */
const FALLBACK_LAYOUT: ZoneLayout = { spawn: [0, 0, 2.5], spawnYaw: 0, bounds: { minX: -3.5, maxX: 3.5, minZ: -3.5, maxZ: 3.5 } };

/**
 * What a zone shows when its environment or the manifest failed to load: a plain lit room, so
 * that the visitor is somewhere rather than in the dark, and in a headset a panel saying what
 * failed with a "Try again" button (on a screen the page's overlay says it). Nothing here is
 * fetched, so it shows whatever the network does.
 */
export function FallbackRoom({ failure, onRetry, onLayout }: FallbackRoomProps) {
  const inXR = useXR((state) => state.session != null);
  useEffect(() => onLayout?.(FALLBACK_LAYOUT), [onLayout]);
  return (
    <group name="zone-fallback">
      <hemisphereLight args={['#fff4e2', '#8a7d6e', 1.4]} />
      <mesh position={[0, 2, 0]}>
        <boxGeometry args={[8, 4, 8]} />
        <meshStandardMaterial color="#6b6257" emissive="#2e2924" roughness={0.9} side={BackSide} />
      </mesh>
      {inXR && <FailurePanel failure={failure} onRetry={onRetry} position={[0, 1.5, 0.5]} />}
    </group>
  );
}

function FailurePanel({ failure, onRetry, position }: { failure: string; onRetry: () => void; position: [number, number, number] }) {
  const fonts = useCanvasFonts(`${failure}${t('fallback.title')}${t('fallback.retry')}`);
  const message = useMemo(() => drawText(failure, 1024, 384, 'message', fonts.language), [failure, fonts.language, fonts.version]);
  const button = useMemo(() => drawText(t('fallback.retry'), 512, 128, 'button', fonts.language), [fonts.language, fonts.version]);
  useEffect(() => () => message.dispose(), [message]);
  useEffect(() => () => button.dispose(), [button]);
  // A press is a pointer down then up on the button, however long apart (slow frames).
  const pressed = useRef(false);
  return (
    <group position={position}>
      <mesh>
        <planeGeometry args={[1.2, 0.45]} />
        <meshBasicMaterial map={message} toneMapped={false} />
      </mesh>
      <mesh
        name="zone-fallback:retry"
        position={[0, -0.36, 0]}
        onPointerDown={(event: ThreeEvent<PointerEvent>) => {
          event.stopPropagation();
          pressed.current = true;
        }}
        onPointerUp={(event: ThreeEvent<PointerEvent>) => {
          event.stopPropagation();
          if (pressed.current) onRetry();
          pressed.current = false;
        }}
        onPointerOut={() => (pressed.current = false)}
      >
        <planeGeometry args={[0.5, 0.125]} />
        <meshBasicMaterial map={button} toneMapped={false} />
      </mesh>
    </group>
  );
}

/** A label drawn into a canvas (no font fetched): the failure, wrapped, or a button's caption. */
function drawText(text: string, width: number, height: number, kind: 'message' | 'button', language: string): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = kind === 'button' ? '#c9a866' : '#14120f';
  g.fillRect(0, 0, width, height);
  g.fillStyle = kind === 'button' ? '#14120f' : '#f4efe6';
  g.textAlign = 'center';
  if (kind === 'button') {
    g.font = canvasFont('600 56px', 'sans', language);
    g.fillText(text, width / 2, height / 2 + 20, width - 40);
  } else {
    g.font = canvasFont('600 48px', 'sans', language);
    g.fillText(t('fallback.title'), width / 2, 80, width - 60);
    g.font = canvasFont('34px', 'sans', language);
    const lines = wrapText(text, width - 80, (s) => g.measureText(s).width);
    lines.slice(0, 6).forEach((l, i) => g.fillText(l, width / 2, 150 + i * 44, width - 60));
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}
