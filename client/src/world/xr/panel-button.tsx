import { useEffect, useMemo, useState, type ComponentProps } from 'react';
import { canvasFont } from '../../i18n/fonts';
import { useCanvasFonts } from '../../i18n/use-canvas-fonts';
import { drawButtonFace, useCanvasTexture } from './canvas-texture';
import { useRayPress } from './ray-press';
import { countMenuHover } from './xr-locomotion';

/** A VR panel button's size, metres. */
export const PANEL_BUTTON = { width: 0.16, height: 0.058 };

/** Props of {@link PanelButton}: a `<group>`'s, passed to its root. */
export interface PanelButtonProps extends ComponentProps<'group'> {
  /** The mesh's name (tests aim at it), e.g. `museum:vr-panel:lights`. */
  meshName: string;
  label: string;
  /** It stands for what is on (brass). */
  active?: boolean;
  /** It cannot be pressed now. */
  disabled?: boolean;
  onPress: () => void;
}

/**
 * A button on a VR panel (the museum's exhibit panel, the manual's topic), pressed as the VR
 * menu's are ({@link useRayPress}); counted as hovered so that a pinch over it does not teleport.
 * Its label is drawn in the page's language, redrawn once CJK glyphs have loaded.
 */
export function PanelButton({ meshName, label, active = false, disabled = false, onPress, ...props }: PanelButtonProps) {
  const [hovered, setHovered] = useState(false);
  const press = useRayPress(() => {
    if (!disabled) onPress();
  }, setHovered);
  const fonts = useCanvasFonts(label);
  const { canvas, texture } = useCanvasTexture(Math.round((96 * PANEL_BUTTON.width) / PANEL_BUTTON.height), 96);
  useEffect(() => {
    if (!hovered) return;
    countMenuHover(1);
    return () => countMenuHover(-1);
  }, [hovered]);
  useMemo(() => {
    const g = canvas.getContext('2d');
    if (!g) return;
    drawButtonFace(g, { hovered, active, disabled });
    g.fillStyle = disabled ? '#6d6a64' : active ? '#111' : '#f1efe9';
    g.font = canvasFont('600 38px', 'sans', fonts.language);
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(label, canvas.width / 2, canvas.height / 2 + 2, canvas.width - 24);
    texture.needsUpdate = true;
  }, [canvas, texture, label, active, disabled, hovered, fonts.language, fonts.version]);
  return (
    <group {...props}>
      <mesh name={meshName} {...press}>
        <planeGeometry args={[PANEL_BUTTON.width, PANEL_BUTTON.height]} />
        <meshBasicMaterial map={texture} transparent toneMapped={false} />
      </mesh>
    </group>
  );
}
