import { createPortal, type RootState, useThree } from '@react-three/fiber';
import { use, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Euler, Quaternion, Vector3, type CanvasTexture } from 'three';
import { canvasFont } from '../../i18n/fonts';
import { t } from '../../i18n/i18n';
import { useCanvasFonts } from '../../i18n/use-canvas-fonts';
import { loadManifest, type ManifestEntry } from '../../world/shared/manifest';
import { drawPanelCard, useCanvasTexture } from '../../world/xr/canvas-texture';
import { PANEL_BUTTON, PanelButton } from '../../world/xr/panel-button';
import { carFacts } from './car-facts';
import { museum } from './museum-store';
import { paginate, wrapText } from './text-layout';
import { carText } from './tour';

/** Props of {@link VrExhibitPanel}. */
export interface VrExhibitPanelProps {
  car: ManifestEntry;
  /** Whether the car's lamps are on (the Lights button shows it). */
  lit: boolean;
  /** Whether the car is turning (the Turntable button shows it). */
  turning: boolean;
  /** Whether the car's doors are open (the Doors button shows it). */
  doorsOpen: boolean;
}

/** The panel's size in metres and its canvas's in pixels (1280 px a metre: sharp at arm's length). */
const PANEL = { width: 0.9, height: 0.625, px: 1280 };
const CANVAS = { width: Math.round(PANEL.width * PANEL.px), height: Math.round(PANEL.height * PANEL.px) };
const PAD = 56;
/** The strip at the bottom of the panel left for the buttons, pixels. */
const BUTTON_STRIP = 120;
const BUTTON = { ...PANEL_BUTTON, gap: 0.014 };
/** From the head when it opens: ahead at a comfortable reading distance, a little low. */
const DISTANCE = 0.85;
const DROP = 0.12;
const STORY_LINE = 42;
/** The story's font in the page's language (our CJK family for Chinese and Japanese). */
const storyFont = (language: string) => canvasFont('400 29px', 'serif', language);

const headPosition = new Vector3();
const headQuaternion = new Quaternion();
const headScale = new Vector3();
const euler = new Euler();

/**
 * A car's detail panel in a headset (the 2D panel cannot be seen there): a world-space panel
 * that opens in front of the visitor with the car's key specs and paragraph, and its long
 * story page by page, with Lights, Doors, Turntable, Story and Close buttons for controller rays and
 * hands, drawn like the VR menu (canvas textures; Chinese and Japanese in our self-hosted font). Mounted only while open.
 */
export function VrExhibitPanel({ car, lit, turning, doorsOpen }: VrExhibitPanelProps) {
  const scene = useThree(worldScene);
  const camera = useThree((s) => s.camera);
  const manifest = use(loadManifest());
  const story = useSyncExternalStore(museum.subscribe, () => museum.get().story);
  const [page, setPage] = useState(0);
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const text = useMemo(() => carText(car.id), [car.id, language]);
  const facts = useMemo(() => carFacts(car, manifest.catalogue), [car, manifest.catalogue, language]);
  // The glyphs of all the panel shows, loaded before it is drawn (and drawn again when they come).
  const fonts = useCanvasFonts(text ? [text.summary, ...text.story, ...facts.map((f) => `${f.label}${f.value}`)].join('') : car.name);

  // Where the visitor looks when it opens; it stays there while they read.
  const placement = useMemo(() => {
    camera.updateMatrixWorld();
    camera.matrixWorld.decompose(headPosition, headQuaternion, headScale);
    const yaw = euler.setFromQuaternion(headQuaternion, 'YXZ').y;
    const at = new Vector3(-Math.sin(yaw), 0, -Math.cos(yaw)).multiplyScalar(DISTANCE).add(headPosition);
    at.y = headPosition.y - DROP;
    return { position: at.toArray() as [number, number, number], yaw };
  }, [camera]);

  const measureCanvas = useMemo(() => document.createElement('canvas').getContext('2d'), []);
  const pages = useMemo(() => {
    if (!text || !measureCanvas) return [[]];
    measureCanvas.font = storyFont(fonts.language);
    const lines = Math.floor((CANVAS.height - PAD - 150 - BUTTON_STRIP) / STORY_LINE);
    return paginate(text.story, CANVAS.width - 2 * PAD, lines, (s) => measureCanvas.measureText(s).width);
  }, [text, measureCanvas, fonts.language, fonts.version]);
  const shownPage = Math.min(page, pages.length - 1);
  useEffect(() => setPage(0), [story]);

  const texture = usePanelTexture(car, facts, text?.summary ?? '', story ? { lines: pages[shownPage] ?? [], page: shownPage, pages: pages.length } : undefined, fonts);
  const row = -PANEL.height / 2 + (BUTTON_STRIP / PANEL.px) / 2;
  const buttons = story
    ? [
        { id: 'previous', label: t('vrPanel.previousPage'), onPress: () => setPage(Math.max(0, shownPage - 1)), disabled: shownPage === 0 },
        { id: 'next', label: t('vrPanel.nextPage'), onPress: () => setPage(Math.min(pages.length - 1, shownPage + 1)), disabled: shownPage === pages.length - 1 },
        { id: 'back', label: t('vrPanel.back'), onPress: () => museum.setStory(false) },
        { id: 'close', label: t('vrPanel.close'), onPress: () => museum.closeDetail() },
      ]
    : [
        { id: 'lights', label: lit ? t('vrPanel.lightsOn') : t('vrPanel.lightsOff'), active: lit, onPress: () => museum.toggleLights(car.id) },
        { id: 'doors', label: doorsOpen ? t('vrPanel.doorsOpen') : t('vrPanel.doorsShut'), active: doorsOpen, onPress: () => museum.toggleDoors(car.id) },
        { id: 'turntable', label: turning ? t('vrPanel.turning') : t('vrPanel.turntable'), active: turning, onPress: () => museum.toggleTurntable(car.id) },
        { id: 'story', label: t('vrPanel.story'), onPress: () => museum.setStory(true) },
        { id: 'close', label: t('vrPanel.close'), onPress: () => museum.closeDetail() },
      ];
  // One row, centred under the text.
  const x = (i: number) => (i - (buttons.length - 1) / 2) * (BUTTON.width + BUTTON.gap);

  return createPortal(
    <group name="museum:vr-panel" position={placement.position} rotation-y={placement.yaw}>
      <mesh name="museum:vr-panel:text">
        <planeGeometry args={[PANEL.width, PANEL.height]} />
        <meshBasicMaterial map={texture} transparent toneMapped={false} />
      </mesh>
      {buttons.map((button, i) => (
        <PanelButton key={button.id} meshName={`museum:vr-panel:${button.id}`} label={button.label} active={'active' in button && button.active} disabled={'disabled' in button && button.disabled} position={[x(i), row, 0.004]} onPress={button.onPress} />
      ))}
    </group>,
    scene,
  );
}

/**
 * The world's own scene. A car is portalled into its anchor, so the `scene` its components see
 * is the anchor; the panel is placed in world space, so it goes to the outermost root's scene.
 */
function worldScene(state: RootState) {
  let root = state;
  while (root.previousRoot) root = root.previousRoot.getState();
  return root.scene;
}

/** The panel's text drawn on a canvas: the details, or a page of the story. */
function usePanelTexture(
  car: ManifestEntry,
  facts: readonly { label: string; value: string }[],
  summary: string,
  story: { lines: readonly string[]; page: number; pages: number } | undefined,
  fonts: { language: string; version: number },
): CanvasTexture {
  const { canvas, texture } = useCanvasTexture(CANVAS.width, CANVAS.height, 4);
  const storyKey = story && `${story.page}/${story.pages}:${story.lines.join('\n')}`;
  useMemo(() => {
    const g = canvas.getContext('2d');
    if (!g) return;
    const { width, height } = canvas;
    drawPanelCard(g);
    g.textBaseline = 'alphabetic';
    g.textAlign = 'left';
    g.fillStyle = '#c9a866';
    const { language } = fonts;
    g.font = canvasFont('600 24px', 'sans', language);
    g.fillText(story ? t('vrPanel.storyPage', { page: story.page + 1, count: story.pages }) : t('vrPanel.kicker'), PAD, PAD + 18);
    g.fillStyle = '#f1e9da';
    g.font = canvasFont('600 54px', 'serif', language);
    g.fillText(car.year ? t('museum.carWithYear', { name: car.name, year: car.year }) : car.name, PAD, PAD + 82, width - 2 * PAD);
    let y = PAD + 150;
    if (story) {
      g.font = storyFont(language);
      g.fillStyle = '#ece4d4';
      for (const line of story.lines) {
        g.fillText(line, PAD, y);
        y += STORY_LINE;
      }
    } else {
      const labelWidth = 150;
      for (const { label, value } of facts) {
        g.font = canvasFont('600 22px', 'sans', language);
        g.fillStyle = '#c9a866';
        g.fillText(label.toLocaleUpperCase(language), PAD, y, labelWidth - 12);
        g.font = canvasFont('400 27px', 'sans', language);
        g.fillStyle = '#ece4d4';
        const lines = wrapText(value, width - 2 * PAD - labelWidth, (s) => g.measureText(s).width);
        for (const line of lines) {
          g.fillText(line, PAD + labelWidth, y);
          y += 36;
        }
      }
      y += 18;
      g.font = canvasFont('400 28px', 'serif-italic', language);
      g.fillStyle = '#ddd3c0';
      for (const line of wrapText(summary, width - 2 * PAD, (s) => g.measureText(s).width)) {
        if (y > height - BUTTON_STRIP - 10) break;
        g.fillText(line, PAD, y);
        y += 38;
      }
    }
    texture.needsUpdate = true;
    // storyKey stands for `story`'s content, which is a new object on every render; the fonts'
    // version redraws once CJK glyphs have loaded.
  }, [canvas, texture, car, facts, summary, storyKey, fonts.language, fonts.version]);
  return texture;
}

