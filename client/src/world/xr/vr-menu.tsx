import { useXR } from '@react-three/xr';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { Vector3, type CanvasTexture, type Group } from 'three';
import { canvasFont } from '../../i18n/fonts';
import { useCanvasFonts } from '../../i18n/use-canvas-fonts';
import { useFrameStage } from '../../frame-loop';
import { drawButtonFace, useCanvasTexture } from './canvas-texture';
import { comfort } from './comfort-settings';
import { useRayPress } from './ray-press';
import { countMenuHover, headInOrigin } from './xr-locomotion';

/** A zone the VR menu offers to travel to. */
export interface VrMenuZone<Z extends string = string> {
  id: Z;
  label: string;
}

/** Props of {@link VrMenu}; render it inside the XR origin. */
export interface VrMenuProps<Z extends string = string> extends ComponentProps<'group'> {
  /** The zones, in the order the 2D zone buttons show them. */
  zones: readonly VrMenuZone<Z>[];
  /** The zone the visitor is in. */
  zone: Z;
  /** Travels to a zone: the same choice as the 2D zone buttons. */
  onZone: (zone: Z) => void;
}

const BUTTON = { width: 0.22, height: 0.055, gap: 0.012 };
const PANEL_WIDTH = 2 * BUTTON.width + 3 * BUTTON.gap;
/** The panel, from the head when it opens: ahead, a little low, facing the visitor. */
const PANEL_OFFSET = new Vector3(0, -0.2, -0.65);
/** The closed menu's tab, from the head: low on the left, where a glance down finds it. */
const TAB_OFFSET = new Vector3(-0.22, -0.55, -0.45);
const offset = new Vector3();

/**
 * The VR menu: a world-space panel that opens in front of the visitor, usable with controller
 * rays and hands (rays with a pinch, or a fingertip touch). It sets locomotion (teleport or
 * smooth), seated mode and the vignette, and travels to another zone. Closed, it is a small
 * "Menu" tab that follows the visitor at waist height; the left controller's X or Y button
 * toggles it too.
 */
export function VrMenu<Z extends string>({ zones, zone, onZone, ...props }: VrMenuProps<Z>) {
  const inXR = useXR((s) => s.session != null);
  const { t } = useTranslation();
  const open = useSyncExternalStore(comfort.subscribe, () => comfort.menuOpen);
  const settings = useSyncExternalStore(comfort.subscribe, () => comfort.get());
  const panel = useRef<Group>(null);
  const tab = useRef<Group>(null);

  useLayoutEffect(() => {
    if (!open || !panel.current) return;
    offset.copy(PANEL_OFFSET).applyAxisAngle(panel.current.up, headInOrigin.yaw);
    panel.current.position.copy(headInOrigin.position).add(offset);
    panel.current.rotation.set(0, headInOrigin.yaw, 0);
  }, [open, inXR]);

  // The tab follows the body lazily (position and heading), so a glance down always finds it.
  useFrameStage('animation', (_, delta) => {
    const t = tab.current;
    if (!t || open) return;
    offset.copy(TAB_OFFSET).applyAxisAngle(t.up, headInOrigin.yaw).add(headInOrigin.position);
    const far = t.position.distanceTo(offset) > 0.6;
    const k = far ? 1 : Math.min(1, delta * 4);
    t.position.lerp(offset, k);
    let turn = headInOrigin.yaw - t.rotation.y;
    turn = Math.atan2(Math.sin(turn), Math.cos(turn));
    t.rotation.set(-0.6, t.rotation.y + turn * k, 0, 'YXZ');
  });

  if (!inXR) return null;
  const top = 0.17;
  const rowY = (row: number) => top - 0.055 - row * (BUTTON.height + BUTTON.gap);
  const column = (col: number) => (col === 0 ? -1 : 1) * (BUTTON.width / 2 + BUTTON.gap / 2);
  const zonesTop = 4;
  const closeAt = zones.length;
  const bottom = rowY(zonesTop - 1 + Math.floor(closeAt / 2)) - BUTTON.height / 2 - 0.015;
  const height = top + 0.035 - bottom;
  return (
    <group name="vr-menu" {...props}>
      <group ref={tab} visible={!open}>
        {!open && <MenuButton id="tab" label={`☰  ${t('vrMenu.menu')}`} width={0.16} onPress={() => comfort.setMenuOpen(true)} />}
      </group>
      {open && (
        <group ref={panel} name="vr-menu:panel">
          <mesh position={[0, bottom + height / 2, -0.004]}>
            <planeGeometry args={[PANEL_WIDTH + 0.02, height]} />
            <meshBasicMaterial color="#101114" transparent opacity={0.92} toneMapped={false} />
          </mesh>
          <Caption label={t('vrMenu.comfort')} position={[0, top, 0]} />
          <MenuButton id="teleport" label={t('vrMenu.teleport')} active={settings.locomotion === 'teleport'} position={[column(0), rowY(0), 0]} onPress={() => comfort.set({ locomotion: 'teleport' })} />
          <MenuButton id="smooth" label={t('vrMenu.smooth')} active={settings.locomotion === 'smooth'} position={[column(1), rowY(0), 0]} onPress={() => comfort.set({ locomotion: 'smooth' })} />
          <MenuButton id="seated" label={settings.seated ? t('vrMenu.seatedOn') : t('vrMenu.seatedOff')} active={settings.seated} position={[column(0), rowY(1), 0]} onPress={() => comfort.setSeated(!settings.seated)} />
          <MenuButton id="vignette" label={settings.vignette ? t('vrMenu.vignetteOn') : t('vrMenu.vignetteOff')} active={settings.vignette} position={[column(1), rowY(1), 0]} onPress={() => comfort.set({ vignette: !settings.vignette })} />
          <Caption label={t('vrMenu.travelTo')} position={[0, rowY(2) - 0.01, 0]} />
          {zones.map((z, i) => (
            <MenuButton
              key={z.id}
              id={`zone:${z.id}`}
              label={z.label}
              active={z.id === zone}
              position={[column(i % 2), rowY(zonesTop - 1 + Math.floor(i / 2)), 0]}
              onPress={() => {
                comfort.setMenuOpen(false);
                if (z.id !== zone) onZone(z.id);
              }}
            />
          ))}
          <MenuButton id="close" label={t('vrMenu.close')} position={[column(closeAt % 2), rowY(zonesTop - 1 + Math.floor(closeAt / 2)), 0]} onPress={() => comfort.setMenuOpen(false)} />
        </group>
      )}
    </group>
  );
}

/** Props of {@link MenuButton}. */
interface MenuButtonProps extends Omit<ComponentProps<'group'>, 'id'> {
  /** Names the mesh `vr-menu:<id>` (tests aim at it). */
  id: string;
  label: string;
  /** Shown as chosen. */
  active?: boolean;
  width?: number;
  /** Called on a press released over the button (a ray's trigger or pinch, or a touch). */
  onPress: () => void;
}

/**
 * A flat button with its label drawn into a canvas (no font fetched from a CDN), pressed with
 * {@link useRayPress}.
 */
function MenuButton({ id, label, active = false, width = BUTTON.width, onPress, ...props }: MenuButtonProps) {
  const [hovered, setHovered] = useState(false);
  const press = useRayPress(onPress, setHovered);
  const texture = useLabel(label, active, hovered, width / BUTTON.height, 'button');
  // Counted while hovered (a pinch over the menu presses, it does not teleport), unmount included.
  useEffect(() => {
    if (!hovered) return;
    countMenuHover(1);
    return () => countMenuHover(-1);
  }, [hovered]);
  return (
    <group {...props}>
      <mesh name={`vr-menu:${id}`} {...press}>
        <planeGeometry args={[width, BUTTON.height]} />
        <meshBasicMaterial map={texture} transparent toneMapped={false} />
      </mesh>
    </group>
  );
}

function Caption({ label, ...props }: { label: string } & ComponentProps<'group'>) {
  const texture = useLabel(label, false, false, PANEL_WIDTH / 0.03, 'caption');
  return (
    <group {...props}>
      <mesh>
        <planeGeometry args={[PANEL_WIDTH, 0.03]} />
        <meshBasicMaterial map={texture} transparent toneMapped={false} />
      </mesh>
    </group>
  );
}

/** A label drawn on a canvas texture, redrawn when its state changes. */
function useLabel(label: string, active: boolean, hovered: boolean, aspect: number, kind: 'button' | 'caption'): CanvasTexture {
  const h = kind === 'caption' ? 48 : 96;
  const { canvas, texture } = useCanvasTexture(Math.round(h * aspect), h, 4);
  const fonts = useCanvasFonts(label);
  useMemo(() => {
    const g = canvas.getContext('2d');
    if (!g) return;
    if (kind === 'button') drawButtonFace(g, { hovered, active });
    else g.clearRect(0, 0, canvas.width, canvas.height);
    g.fillStyle = kind === 'caption' ? '#b8a27a' : active ? '#111' : '#f1efe9';
    g.font = canvasFont(kind === 'caption' ? '600 30px' : '600 40px', 'sans', fonts.language);
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(label, canvas.width / 2, canvas.height / 2 + 2, canvas.width - 20);
    texture.needsUpdate = true;
  }, [canvas, texture, label, active, hovered, aspect, kind, fonts.language, fonts.version]);
  return texture;
}
