import { createPortal } from '@react-three/fiber';
import { Suspense, use, useEffect, useMemo, useRef, useSyncExternalStore, type ComponentProps } from 'react';
import {
  CanvasTexture,
  Color,
  MeshBasicMaterial,
  Object3D,
  SRGBColorSpace,
  VideoTexture,
  type Group,
  type HemisphereLight,
  type Mesh,
  type PointLight,
  type SpotLight,
} from 'three';
import type { LaunchEvent } from '../../../../protocol/src/launch';
import { useFrameStage } from '../../frame-loop';
import { CarModel } from '../../world/shared/car-model';
import { listCars, loadManifest } from '../../world/shared/manifest';
import { reducedMotion } from '../../world/shared/reduced-motion';
import { offeredConfiguration } from '../../world/shared/variants';
import type { KeynotePlayer } from './keynote-player';
import { coverLift, screenContent, stageLights, turntableAngle } from './show';
import { drapedCover, withPlanarUvs } from './stage-geometry';
import { drawScreen, SCREEN_PX, ScreenPainter } from './stage-screen';
import type { ShowFeed } from '../../net/show-feed';

/** Props of {@link LaunchStage}. */
export type LaunchStageProps = ComponentProps<'group'> & {
  /** The launch arena's environment root, with its `screen`, `turntable` and `anchor_car_0` nodes. */
  environment: Object3D;
  /** The event: its title and start time go on the screen. */
  event: LaunchEvent;
  /** Where the show state comes from (the launch room, or the overflow tier's stream); the stage waits, covered, without one. */
  feed: ShowFeed | undefined;
  /** The keynote video, once its player is loaded. */
  player?: KeynotePlayer;
  /** The server's time now, ms. */
  now: () => number;
};

/** How high the cover flies at the end of the reveal, metres above the car. */
const COVER_FLIGHT = 9;
/** Lights fade towards the cue's level at this rate, per second. */
const LIGHT_RATE = 1.6;
/** Full intensities: the spots from the rig (candela), the house light, the after-party washes (candela). */
const SPOT_FULL = 2600;
const HOUSE_FULL = 0.9;
const PARTY_FULL = 400;
/**
 * A launch's show on the arena's stage, driven by the show state and the server's clock: the
 * event's car in its launch configuration on the turntable, under a cloth cover that lifts at
 * the reveal (an object named `launch-cover`, hidden once lifted); the stage screen (the
 * event's title, the countdown to its start, the keynote video in step, or word that the video
 * could not be loaded); the turntable turning from the reveal; and the house lights, spots and
 * after-party washes the cue calls for. Every page computes the same stage from the same state
 * at the same server time. The car is placed here rather than by the zone, so it never shows
 * before its cover does. Under reduced motion the cover is simply gone at the reveal, the
 * turntable stays still and the lights switch.
 */
export function LaunchStage({ environment, event, feed, player, now, ...props }: LaunchStageProps) {
  const nodes = useMemo(() => {
    let screen: Mesh | undefined;
    environment.traverse((object) => {
      if (!screen && (object as Mesh).isMesh && (object.name === 'screen' || object.parent?.name === 'screen')) screen = object as Mesh;
    });
    return { screen, turntable: environment.getObjectByName('turntable'), carAnchor: environment.getObjectByName('anchor_car_0') };
  }, [environment]);
  return (
    <group name="launch-stage" {...props}>
      {nodes.screen && <StageScreen screen={nodes.screen} event={event} feed={feed} player={player} now={now} />}
      {nodes.carAnchor &&
        createPortal(
          <>
            <Cover feed={feed} now={now} />
            <Suspense fallback={null}>
              <EventCar car={event.car} />
            </Suspense>
          </>,
          nodes.carAnchor,
        )}
      {nodes.turntable && <Turntable turntable={nodes.turntable} feed={feed} now={now} />}
      <StageLights feed={feed} target={nodes.turntable} />
    </group>
  );
}

/** The current show state of a feed, re-rendering when it changes. */
function useShow(feed: ShowFeed | undefined) {
  return useSyncExternalStore(
    (onChange) => feed?.on('show', onChange) ?? (() => {}),
    () => feed?.show,
  );
}

/** The event's car as the world publishes it for this device, in the event's configuration (codes it does not offer left out). */
function EventCar({ car }: { car: LaunchEvent['car'] }) {
  const manifest = use(loadManifest());
  const entry = listCars(manifest).find((published) => published.id === car.model);
  if (!entry) {
    console.warn(`launch: no car "${car.model}" is published for this device; run \`npm run assets\``);
    return null;
  }
  return <CarModel entry={entry} configuration={offeredConfiguration(entry, car.configuration)} />;
}

/**
 * The stage screen: the screen mesh's material (and geometry, given texture coordinates) swapped
 * for ours while the show is on — the environment's own come back after: a canvas with the
 * title, the countdown or a message, or the keynote's video while it plays.
 */
function StageScreen({ screen, event, feed, player, now }: { screen: Mesh; event: LaunchEvent; feed: ShowFeed | undefined; player?: KeynotePlayer; now: () => number }) {
  const show = useShow(feed);
  const keynote = useSyncExternalStore(
    (onChange) => player?.on(onChange) ?? (() => {}),
    () => player?.state,
  );
  const canvas = useMemo(() => {
    const element = document.createElement('canvas');
    element.width = SCREEN_PX.width;
    element.height = SCREEN_PX.height;
    const texture = new CanvasTexture(element);
    texture.colorSpace = SRGBColorSpace;
    return { element, texture };
  }, []);
  const video = useMemo(() => {
    if (!player) return undefined;
    const texture = new VideoTexture(player.video);
    texture.colorSpace = SRGBColorSpace;
    return texture;
  }, [player]);
  const material = useMemo(() => new MeshBasicMaterial({ map: canvas.texture, toneMapped: false }), [canvas]);
  const geometry = useMemo(() => withPlanarUvs(screen.geometry), [screen]);

  useEffect(() => {
    const original = { material: screen.material, geometry: screen.geometry };
    screen.material = material;
    screen.geometry = geometry;
    return () => {
      screen.material = original.material;
      screen.geometry = original.geometry;
      material.dispose();
      geometry.dispose();
      canvas.texture.dispose();
    };
  }, [screen, material, geometry, canvas]);
  useEffect(() => () => video?.dispose(), [video]);

  const startsAt = Date.parse(event.startsAt);
  useEffect(() => {
    const g = canvas.element.getContext('2d');
    const painter = new ScreenPainter((content, state) => {
      if (g) drawScreen(g, canvas.element.width, canvas.element.height, content, state);
    });
    const update = () => {
      const frame = painter.update(screenContent(show, event.title, startsAt, now()), keynote, video !== undefined);
      const map = frame.video ? video! : canvas.texture;
      if (material.map !== map) {
        material.map = map;
        material.needsUpdate = true;
      }
      if (frame.redrawn) canvas.texture.needsUpdate = true;
    };
    update();
    const timer = setInterval(update, 250);
    return () => clearInterval(timer);
  }, [show, keynote, event.title, startsAt, now, video, canvas, material]);
  return null;
}

/** The cover over the car: it lifts and flies up at the reveal, then is hidden; a latecomer finds it gone. */
function Cover({ feed, now }: { feed: ShowFeed | undefined; now: () => number }) {
  const group = useRef<Group>(null);
  const geometry = useMemo(drapedCover, []);
  useEffect(() => () => geometry.dispose(), [geometry]);
  useFrameStage('animation', () => {
    const cover = group.current;
    if (!cover) return;
    const lift = reducedMotion?.matches ? Math.ceil(coverLift(feed?.show, now())) : coverLift(feed?.show, now());
    // Eases out of the car's shape, then flies up.
    cover.position.y = COVER_FLIGHT * lift * lift;
    cover.scale.setScalar(1 - 0.35 * lift);
    cover.visible = lift < 1;
  });
  return (
    <group ref={group} name="launch-cover">
      <mesh geometry={geometry}>
        <meshPhysicalMaterial color="#2e1016" roughness={0.75} sheen={0.35} sheenColor="#6a4038" sheenRoughness={0.55} />
      </mesh>
    </group>
  );
}

/** Turns the environment's turntable (and the car on it) from the reveal on; puts it back as it was afterwards. */
function Turntable({ turntable, feed, now }: { turntable: Object3D; feed: ShowFeed | undefined; now: () => number }) {
  const rest = useMemo(() => turntable.rotation.y, [turntable]);
  useEffect(() => () => void (turntable.rotation.y = rest), [turntable, rest]);
  useFrameStage('animation', () => {
    turntable.rotation.y = reducedMotion?.matches ? rest : rest + turntableAngle(feed?.show, now());
  });
  return null;
}

const PARTY_COLOURS = ['#ff3d7f', '#3d8bff', '#ffb23d'] as const;
const PARTY_HUES = PARTY_COLOURS.map((colour) => new Color(colour));

/** The house light, three spots from the rig onto the turntable, and the after-party's coloured washes, fading to each cue's levels. */
function StageLights({ feed, target }: { feed: ShowFeed | undefined; target?: Object3D }) {
  const house = useRef<HemisphereLight>(null);
  const spots = useRef<(SpotLight | null)[]>([]);
  const washes = useRef<(PointLight | null)[]>([]);
  const aim = useMemo(() => {
    const object = new Object3D();
    target?.getWorldPosition(object.position);
    object.position.y += 0.6;
    return object;
  }, [target]);
  useFrameStage('animation', ({ clock }, delta) => {
    const wanted = stageLights(feed?.show);
    const step = reducedMotion?.matches ? 1 : Math.min(1, delta * LIGHT_RATE);
    if (house.current) house.current.intensity += (wanted.house * HOUSE_FULL - house.current.intensity) * step;
    for (let i = 0; i < spots.current.length; i++) {
      const spot = spots.current[i];
      if (spot) spot.intensity += (wanted.spots * SPOT_FULL - spot.intensity) * step;
    }
    const t = clock.elapsedTime;
    for (let i = 0; i < washes.current.length; i++) {
      const wash = washes.current[i];
      if (!wash) continue;
      // Reduced motion: steady washes, each in its own colour, rather than pulsing and cycling.
      const still = reducedMotion?.matches ?? false;
      wash.intensity += (wanted.party * PARTY_FULL * (still ? 0.8 : 0.6 + 0.4 * Math.sin(t * 2.1 + i * 2)) - wash.intensity) * step;
      wash.color.lerp(PARTY_HUES[(i + (still ? 0 : Math.floor(t / 2))) % PARTY_HUES.length]!, step);
    }
  });
  return (
    <>
      <primitive object={aim} />
      <hemisphereLight ref={house} args={['#fff1dc', '#1a1613', 0]} />
      {[-7, 0, 7].map((x, i) => (
        <spotLight
          key={x}
          ref={(light) => void (spots.current[i] = light)}
          position={[x, 9.75, -3.5]}
          target={aim}
          intensity={0}
          angle={0.36}
          penumbra={0.6}
          decay={2}
          color="#fff6ea"
        />
      ))}
      {[-8, 0, 8].map((x, i) => (
        <pointLight key={x} ref={(light) => void (washes.current[i] = light)} position={[x, 6, 2]} intensity={0} distance={26} decay={2} color={PARTY_COLOURS[i]} />
      ))}
    </>
  );
}
