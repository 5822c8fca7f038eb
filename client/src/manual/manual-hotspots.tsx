import { createPortal, type RootState, useThree } from '@react-three/fiber';
import { useXR } from '@react-three/xr';
import { Suspense, use, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode, type RefObject } from 'react';
import { Box3, Euler, Matrix4, Quaternion, Vector3, type Group, type Mesh } from 'three';
import type { ManualView } from '../../../protocol/src/manual';
import { canvasFont } from '../i18n/fonts';
import { t } from '../i18n/i18n';
import { useCanvasFonts } from '../i18n/use-canvas-fonts';
import { useFrameStage } from '../frame-loop';
import { drawPanelCard, useCanvasTexture } from '../world/xr/canvas-texture';
import { PANEL_BUTTON, PanelButton } from '../world/xr/panel-button';
import { useRayPress } from '../world/xr/ray-press';
import { countMenuHover } from '../world/xr/xr-locomotion';
import { wrapText } from '../zones/museum/text-layout';
import { loadManualQuietly } from './manual-client';
import { kindLabel, useLocalizedManual } from './manual-language';
import { pictureUrl } from './manual-panel';
import { manualStore } from './manual-store';

/** Props of {@link ManualExhibit}. */
export interface ManualExhibitProps {
  /** The car's model id: whose manual's hotspots to show. */
  model: string;
  /** The car model. */
  children: ReactNode;
}

/** Marker radius, metres: a fingertip's size at arm's length, easy for a controller's ray. */
const MARKER_RADIUS = 0.07;
const MARKER_COLOUR = '#d8a657';
const MARKER_OPEN = '#f4ead5';

/** The box of the car's meshes under `group`, in `group`'s frame; undefined while it has none. */
function measureCar(group: Group): Box3 | undefined {
  group.updateWorldMatrix(true, true);
  inverse.copy(group.matrixWorld).invert();
  const found = new Box3();
  group.traverse((object) => {
    const mesh = object as Mesh;
    if (!mesh.isMesh || object.name.startsWith('manual:') || !mesh.geometry) return;
    if (!mesh.geometry.boundingBox) mesh.geometry.computeBoundingBox();
    if (!mesh.geometry.boundingBox) return;
    relative.multiplyMatrices(inverse, mesh.matrixWorld);
    found.union(meshBox.copy(mesh.geometry.boundingBox).applyMatrix4(relative));
  });
  return found.isEmpty() ? undefined : found;
}

const inverse = new Matrix4();
const relative = new Matrix4();
const meshBox = new Box3();

/**
 * A car with its manual's hotspots: a brass marker on each part a topic is about (the tyre, the
 * charging flap, the boot …), placed in the car's own bounding box as the manual says. A click, a
 * tap or a controller's ray press opens the topic in the 2D panel, and in a headset on a panel in
 * front of the visitor. Cars without a manual show no markers.
 */
export function ManualExhibit({ model, children }: ManualExhibitProps) {
  const root = useRef<Group>(null);
  return (
    <group ref={root} name={`manual:${model}`}>
      <group name="manual:car">{children}</group>
      {/* The car never waits on its manual, nor fails with it. */}
      <Suspense fallback={null}>
        <ManualMarkers model={model} car={root} />
      </Suspense>
    </group>
  );
}

/** The hotspots of `model`'s manual on the car drawn under `car`, and the open topic's panel in a headset. */
function ManualMarkers({ model, car }: { model: string; car: RefObject<Group | null> }) {
  const manual = useLocalizedManual(use(loadManualQuietly(model)));
  const [box, setBox] = useState<Box3>();
  const topicId = useSyncExternalStore(manualStore.subscribe, () => manualStore.get().topicId);
  const inXR = useXR((s) => s.session != null);

  // The car's box in its own frame, measured at the first frame its meshes are in (the car may
  // arrive after the manual: a twin replacing the lounge's own car, a level of detail). Until
  // then one look a frame; after, nothing.
  const measured = useRef(false);
  useFrameStage('animation', () => {
    const group = car.current;
    if (measured.current || !group || !manual) return;
    const found = measureCar(group);
    if (!found) return;
    measured.current = true;
    setBox(found);
  });

  if (!manual || !box) return null;
  const open = manual.topics.find((t) => t.id === topicId);
  return (
    <>
      {manual.topics.map((topic) => (
        <Hotspot
          key={topic.id}
          id={topic.id}
          position={[0, 1, 2].map((i) => box.min.getComponent(i) + topic.hotspot.at[i]! * (box.max.getComponent(i) - box.min.getComponent(i))) as [number, number, number]}
          open={topic.id === topicId}
        />
      ))}
      {open && inXR && <VrManualPanel topic={open} />}
    </>
  );
}

function Hotspot({ id, position, open }: { id: string; position: [number, number, number]; open: boolean }) {
  const [hovered, setHovered] = useState(false);
  const press = useRayPress(() => manualStore.open(id), setHovered);
  useEffect(() => {
    if (!hovered) return;
    countMenuHover(1);
    document.body.style.cursor = 'pointer';
    return () => {
      countMenuHover(-1);
      document.body.style.cursor = '';
    };
  }, [hovered]);
  const scale = hovered || open ? 1.35 : 1;
  return (
    <group position={position} scale={scale}>
      <mesh name={`manual:hotspot:${id}`} {...press}>
        <sphereGeometry args={[MARKER_RADIUS, 16, 12]} />
        <meshBasicMaterial color={open ? MARKER_OPEN : MARKER_COLOUR} toneMapped={false} />
      </mesh>
      {/* A halo, so the marker reads against a car of any paint. */}
      <mesh name={`manual:halo:${id}`} raycast={() => null}>
        <sphereGeometry args={[MARKER_RADIUS * 1.6, 16, 12]} />
        <meshBasicMaterial color={MARKER_COLOUR} transparent opacity={0.25} depthWrite={false} toneMapped={false} />
      </mesh>
    </group>
  );
}

/** The VR panel's size in metres and its canvas's in pixels. */
const PANEL = { width: 0.8, height: 0.62, px: 1280 };
const CANVAS = { width: Math.round(PANEL.width * PANEL.px), height: Math.round(PANEL.height * PANEL.px) };
const PAD = 52;
const DISTANCE = 0.85;
const DROP = 0.12;

const headPosition = new Vector3();
const headQuaternion = new Quaternion();
const headScale = new Vector3();
const euler = new Euler();

/**
 * A topic in a headset (the 2D panel cannot be seen there): a world-space panel in front of the
 * visitor with the topic's title, summary, steps and pictures, and a Close button for rays and
 * hands, drawn on a canvas (no font fetched). Mounted only while a topic is open in a session.
 */
function VrManualPanel({ topic }: { topic: ManualView['topics'][number] }) {
  const scene = useThree(worldScene);
  const camera = useThree((s) => s.camera);
  const placement = useMemo(() => {
    camera.updateMatrixWorld();
    camera.matrixWorld.decompose(headPosition, headQuaternion, headScale);
    const yaw = euler.setFromQuaternion(headQuaternion, 'YXZ').y;
    const at = new Vector3(-Math.sin(yaw), 0, -Math.cos(yaw)).multiplyScalar(DISTANCE).add(headPosition);
    at.y = headPosition.y - DROP;
    return { position: at.toArray() as [number, number, number], yaw };
    // A new topic opens where the visitor looks then.
  }, [camera, topic.id]);
  const { canvas, texture } = useCanvasTexture(CANVAS.width, CANVAS.height, 4);
  const fonts = useCanvasFonts(`${kindLabel(topic.kind)}${topic.title}${topic.summary}${topic.steps.map((s) => s.text).join('')}`);
  const [pictures, setPictures] = useState<Record<number, HTMLImageElement>>({});

  // The steps' pictures, decoded once per topic; the panel redraws as each arrives.
  useEffect(() => {
    let current = true;
    setPictures({});
    topic.steps.forEach((step, i) => {
      if (!step.svg) return;
      const image = new Image();
      image.onload = () => current && setPictures((done) => ({ ...done, [i]: image }));
      image.src = pictureUrl(step.svg);
    });
    return () => {
      current = false;
    };
  }, [topic]);

  useMemo(() => {
    const g = canvas.getContext('2d');
    if (!g) return;
    const { width } = canvas;
    drawPanelCard(g);
    g.textBaseline = 'top';
    g.fillStyle = '#c9a96e';
    g.font = canvasFont('600 26px', 'sans', fonts.language);
    g.fillText(kindLabel(topic.kind).toLocaleUpperCase(fonts.language), PAD, PAD);
    g.fillStyle = '#f4efe6';
    g.font = canvasFont('400 48px', 'serif', fonts.language);
    g.fillText(topic.title, PAD, PAD + 40, width - 2 * PAD);
    g.fillStyle = '#bdb5a6';
    g.font = canvasFont('400 28px', 'sans', fonts.language);
    let y = PAD + 108;
    for (const line of wrapText(topic.summary, width - 2 * PAD, (s) => g.measureText(s).width)) {
      g.fillText(line, PAD, y);
      y += 36;
    }
    y += 14;
    const pictureWidth = 150;
    topic.steps.forEach((step, i) => {
      const image = pictures[i];
      const textX = PAD + 48 + (image ? pictureWidth + 20 : 0);
      g.fillStyle = '#c9a96e';
      g.font = canvasFont('600 30px', 'sans', fonts.language);
      g.fillText(`${i + 1}`, PAD, y);
      if (image) g.drawImage(image, PAD + 48, y, pictureWidth, pictureWidth * (80 / 120));
      g.fillStyle = '#f1efe9';
      g.font = canvasFont('400 30px', 'sans', fonts.language);
      const lines = wrapText(step.text, width - textX - PAD, (s) => g.measureText(s).width);
      lines.forEach((line, l) => g.fillText(line, textX, y + l * 38));
      y += Math.max(lines.length * 38, image ? pictureWidth * (80 / 120) : 0) + 18;
    });
    texture.needsUpdate = true;
  }, [canvas, texture, topic, pictures, fonts.language, fonts.version]);

  return createPortal(
    <group name="manual:vr-panel" position={placement.position} rotation-y={placement.yaw}>
      <mesh name="manual:vr-panel:text">
        <planeGeometry args={[PANEL.width, PANEL.height]} />
        <meshBasicMaterial map={texture} transparent toneMapped={false} />
      </mesh>
      <PanelButton
        meshName="manual:vr-panel:close"
        label={t('manual.close')}
        onPress={() => manualStore.close()}
        position={[PANEL.width / 2 - PANEL_BUTTON.width / 2 - 0.03, -PANEL.height / 2 + PANEL_BUTTON.height / 2 + 0.03, 0.004]}
      />
    </group>,
    scene,
  );
}

/** The world's own scene: the car is portalled into its anchor, the panel goes to the outermost root's scene. */
function worldScene(state: RootState) {
  let root = state;
  while (root.previousRoot) root = root.previousRoot.getState();
  return root.scene;
}
