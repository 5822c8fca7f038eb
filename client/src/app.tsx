import { lazy, Suspense, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Object3D, Scene, WebGLRenderer } from 'three';
import type { ShowState } from '../../protocol/src/launch';
import type { AddOn } from '../../protocol/src/twin-api';
import { detectWebGL } from './flat/webgl-support';
import { serverNow } from './launch/clock';
import type { ShowFeed } from './net/show-feed';
import { launchLink } from './launch/launch-attendance';
import { useLaunchAttendance, useLaunchShow } from './launch/use-launch-attendance';
import { useWorldConnection } from './hooks/use-world-connection';
import type { RoomName, WorldConnection } from './net/world-connection';
import { garageConfiguration, ownerCars, ownerView } from './owner/owner-journey';
import { useOwnerTwins } from './owner/use-owner-twins';
import { RoomPanel } from './ui/room-panel';
import { ZONE_LABELS, ZoneSwitch } from './ui/zone-switch';
import { ZoneConfigurator } from './ui/zone-configurator';
import { zoneNamed } from './zones/zone-link';
import {
  forgetSession,
  redeemInvitation,
  rememberGuestPass,
  rememberSession,
  storedGuestPass,
  storedSession,
  type GuestPass,
  type SignedInSession,
} from './wallet/session-store';
import { useRoles } from './wallet/use-roles';
import { useSessionRefresh } from './wallet/use-session-refresh';
import type { WorldInfo } from './wallet/world-info';
import type { Configuration } from './world/shared/variants';
import { isTouchDevice, touchControls, type TouchControls } from './world/shared/touch-controls';
import { getQuality, type QualitySnapshot } from './world/quality/quality-store';
import { trip, type TravelState } from './world/portals/trip';
import { WorldCanvas } from './world/world-canvas';
import { zoneLoading, type ZoneReady } from './world/zone/zone-loading';
import { xrInspection, type XrInspection } from './world/xr/comfort-settings';
import { xrStore } from './xr-store';

/** Props of {@link App}. */
export interface AppProps {
  world: WorldInfo;
}

const WalletPanel = lazy(() => import('./wallet/wallet-panel'));
// An owner's panels load when an owner needs them, each in its own chunk.
const GaragePanel = lazy(() => import('./ui/garage-panel').then((m) => ({ default: m.GaragePanel })));
const FactoryTimeline = lazy(() => import('./ui/factory-timeline').then((m) => ({ default: m.FactoryTimeline })));
const PassportPanel = lazy(() => import('./ui/passport-panel').then((m) => ({ default: m.PassportPanel })));
const DealerConsole = lazy(() => import('./ui/dealer-console').then((m) => ({ default: m.DealerConsole })));
// A launch event's stage and panel, only on an event's page (`?event=`).
const LaunchStage = lazy(() => import('./launch/launch-stage').then((m) => ({ default: m.LaunchStage })));
const LaunchPanel = lazy(() => import('./launch/launch-panel'));
const UpcomingLaunches = lazy(() => import('./launch/upcoming-launches'));
// Flat mode and the touch joystick load where they are used, not on every page.
const FlatPage = lazy(() => import('./flat/flat-page').then((m) => ({ default: m.FlatPage })));
const TouchJoystick = lazy(() => import('./ui/touch-joystick').then((m) => ({ default: m.TouchJoystick })));
// The zone's loading progress over the canvas, in a chunk of its own.
const ZoneLoading = lazy(() => import('./ui/zone-loading').then((m) => ({ default: m.ZoneLoading })));
// The museum's guided tour and car panels, in the museum only.
const MuseumOverlay = lazy(() => import('./ui/museum-overlay'));

/** The zones as the VR menu lists them, in the zone buttons' order. */
const VR_MENU_ZONES = (Object.keys(ZONE_LABELS) as RoomName[]).map((id) => ({ id, label: ZONE_LABELS[id] }));

/** At a launch event the arena shows the event's car, which its stage places (under its cover). */
const NO_CARS: readonly [] = [];

/** The zone a link opens (`?zone=factory`; the launch for a launch event's `?event=`; old names such as `?zone=arena` too), the museum otherwise. */
function initialZone(): RoomName {
  if (launchLink()) return 'launch';
  return zoneNamed(new URLSearchParams(location.search).get('zone')) ?? 'museum';
}

/** Read-only handle for the console and the end-to-end tests. */
declare global {
  interface Window {
    /** `zone` and the rest in the world; `scene` and `showcase` (the twin's id) on a showcase page. */
    marque?: {
      zone?: RoomName;
      connection?: WorldConnection;
      scene?: Scene;
      /** The world's renderer: `info` gives draw calls and triangles to the frame-budget tests and bench:client. */
      renderer?: WebGLRenderer;
      session?: SignedInSession;
      showcase?: string;
      /** At a launch event: the show state this page follows. */
      show?: ShowState;
      /** In the world: the VR layer (XR origin, frame count, comfort settings). */
      xr?: XrInspection;
      /** Whether the page shows the flat (2D) world instead of the canvas. */
      flat?: boolean;
      /** The touch controls (their `walked` distance). */
      touch?: TouchControls;
      /** Trips through doorways: the current zone's doorways, the trip under way, the visitor's eyes. */
      travel?: TravelState;
      /** The last zone shown, with its warm-up time (texture uploads and shader compiles before it appeared). */
      zoneReady?: ZoneReady;
      /** The world's quality level (it follows the frame rate), and its changes so far. */
      quality?: QualitySnapshot;
    };
  }
}

/** The brand world: the 3D canvas, the zone switch, sign-in and the notices. */
export function App({ world }: AppProps) {
  const [zone, setZone] = useState<RoomName>(initialZone);
  // Flat mode (`?flat`, the toggle, or no WebGL at all); a touch screen gets the joystick.
  const [webgl] = useState(detectWebGL);
  const [flat, setFlat] = useState(() => webgl.kind === 'none' || new URLSearchParams(location.search).has('flat'));
  const [touch] = useState(isTouchDevice);
  const [session, setSession] = useState<SignedInSession | undefined>(storedSession);
  const [notice, setNotice] = useState<string>();
  const [visitors, setVisitors] = useState(0);
  const [view3d, setView3d] = useState<{ scene: Scene; renderer: WebGLRenderer }>();
  // The garage's car configurations by car id; they stay chosen while the visitor goes elsewhere.
  const [garageCars, setGarageCars] = useState<Record<string, Configuration>>({});
  const configureGarageCar = useCallback((carId: string, configuration: Configuration) => {
    setGarageCars((all) => ({ ...all, [carId]: configuration }));
  }, []);

  // The last zone whose room let the visitor in: where a refusal sends them back.
  const admitted = useRef<RoomName>(undefined);
  const handleRefused = useCallback((refused: RoomName) => {
    // A refused or removed visitor goes back where they were (a doorway's trip arrives in
    // front of the doorway they took), else to the public museum; the notice stays up (until
    // dismissed or the next choice) so they can read why.
    const back = admitted.current && admitted.current !== refused ? admitted.current : 'museum';
    if (refused !== back) setZone(back);
  }, []);
  const [guestPass, setGuestPass] = useState<GuestPass | undefined>(storedGuestPass);
  const token = session?.token ?? guestPass?.token;
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const currentToken = useCallback(() => tokenRef.current, []);
  const identity = session ? `wallet:${session.address}` : guestPass ? `guest:${guestPass.scopes.join(',')}` : undefined;
  const acceptGuestPass = useCallback((pass: GuestPass) => {
    rememberGuestPass(pass);
    setGuestPass(pass);
  }, []);

  // A launch event (`?event=`): the arena is the event's room, or, when it is full or the link
  // says `?watch`, the overflow tier's stream with no avatar. Guests get a session first.
  const [link] = useState(launchLink);
  const launch = useLaunchAttendance({
    link,
    inArena: zone === 'launch',
    hasSession: token !== undefined,
    token: currentToken,
    identity,
    onGuestPass: acceptGuestPass,
    onNotice: setNotice,
  });
  const atLaunch = zone === 'launch' && launch.eventId !== undefined;
  const { connection, status } = useWorldConnection(
    atLaunch && (!launch.ready || launch.overflow) ? undefined : zone,
    identity,
    currentToken,
    { onNotice: setNotice, onRefused: handleRefused, onOverflow: launch.enterOverflow },
    launch.eventId,
  );
  const feed: ShowFeed | undefined = !atLaunch ? undefined : launch.overflow ? launch.stream : connection?.launch;
  const launchEvent = atLaunch ? launch.event : undefined;
  const { show, player, standAt } = useLaunchShow(launchEvent, feed, connection?.launch);
  // Where the museum's tour has put the visitor (its current stop), until they leave the museum.
  const [tourStand, setTourStand] = useState<{ position: [number, number, number]; yaw: number }>();
  const staging = useCallback(
    (environment: Object3D) => launchEvent && <LaunchStage environment={environment} event={launchEvent} feed={feed} player={player} now={serverNow} />,
    [launchEvent, feed, player],
  );

  // The signed-in owner's twins (loaded again on entering an owner's zone, so stages are today's), the
  // one picked last, and what the garage previews on it (configurator choices, an add-on tried).
  const owner = useOwnerTwins(session, zone === 'garage' || zone === 'factory' || zone === 'lounge' ? zone : undefined);
  const roles = useRoles(session);
  const [pickedTwin, setPickedTwin] = useState<string>();
  const [garagePreview, setGaragePreview] = useState<{ tokenId: string; picked: Configuration; trying?: AddOn }>();
  const view = ownerView(zone, session ? owner.twins : undefined, pickedTwin);
  const preview = view.twin && garagePreview?.tokenId === view.twin.tokenId ? garagePreview : undefined;
  const garageShown = zone === 'garage' && view.twin ? garageConfiguration(view.twin, preview?.picked, preview?.trying) : undefined;
  const zoneCars = session ? ownerCars(zone, owner.twins, view, garageShown) : undefined;
  const garageTwin = zone === 'garage' ? view.twin : undefined;
  const previewGarage = useCallback((tokenId: string, picked: Configuration, trying?: AddOn) => setGaragePreview({ tokenId, picked, trying }), []);

  // An invitation link (`?invite=…`) is redeemed once: a signed-in visitor's session gains its
  // scope, a guest gets a pass.
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    const code = params.get('invite');
    if (!code) return;
    params.delete('invite');
    history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
    redeemInvitation(code, storedSession()?.token).then(
      (issued) => {
        const signedIn = storedSession();
        if (signedIn) {
          const updated = { ...signedIn, token: issued.token, expiresAt: issued.expiresAt };
          rememberSession(updated);
          setSession(updated);
        } else {
          const pass = { token: issued.token, scopes: issued.scopes, expiresAt: issued.expiresAt };
          rememberGuestPass(pass);
          setGuestPass(pass);
        }
        setNotice(`Invitation accepted: welcome. It opens the ${issued.scopes.join(', ')}.`);
      },
      (error: unknown) => setNotice(error instanceof Error ? error.message : String(error)),
    );
  }, []);

  const sessionEnded = useCallback((message: string) => {
    forgetSession();
    setSession(undefined);
    setNotice(message);
  }, []);
  useSessionRefresh(session, setSession, rememberSession, sessionEnded);
  useSessionRefresh(guestPass, setGuestPass, rememberGuestPass, setNotice);

  useEffect(() => {
    if (!connection) return setVisitors(0);
    const update = () => setVisitors(connection.avatars.size + 1);
    update();
    return connection.onAvatarsChanged(update);
  }, [connection]);

  useEffect(() => {
    if (connection) admitted.current = zone;
    // Only a new connection says the zone let the visitor in (not a change of zone).
  }, [connection]);
  // The doorways change zone as the zone buttons do.
  useEffect(() => {
    trip.go = (name) => {
      setNotice(undefined);
      setZone(name);
    };
    return () => {
      trip.go = undefined;
    };
  }, []);

  useEffect(() => {
    window.marque = {
      zone,
      connection,
      scene: flat ? undefined : view3d?.scene,
      renderer: flat ? undefined : view3d?.renderer,
      session,
      show,
      flat,
      touch: touchControls,
      xr: xrInspection,
      // Live: read when asked, not when this effect ran.
      get zoneReady() {
        return zoneLoading.ready;
      },
      get quality() {
        return getQuality();
      },
      get travel() {
        return trip.travel;
      },
    };
  }, [zone, connection, view3d, session, show, flat]);

  const handleSession = useCallback((signedIn: SignedInSession) => {
    setSession(signedIn);
    setNotice(undefined);
  }, []);

  const chooseZone = (name: RoomName) => {
    setNotice(undefined);
    setZone(name);
  };
  const account = (
    <Suspense
      fallback={
        <button type="button" className="primary" disabled>
          Sign in
        </button>
      }
    >
      <WalletPanel
        world={world}
        session={session}
        onSession={handleSession}
        onProblem={setNotice}
        onSignOut={() => {
          forgetSession();
          setSession(undefined);
          setZone('museum');
        }}
      />
    </Suspense>
  );
  const launchPanel = launchEvent && feed && (
    <Suspense fallback={null}>
      <LaunchPanel event={launchEvent} feed={feed} channel={launch.overflow ? undefined : connection?.launch} stream={launch.stream} player={player} world={world} session={session} />
    </Suspense>
  );
  const presence =
    atLaunch && launch.overflow
      ? `${ZONE_LABELS[zone]} · watching without an avatar`
      : connection && status === 'connected'
        ? `${ZONE_LABELS[zone]} · ${visitors} ${visitors === 1 ? 'visitor' : 'visitors'} here`
        : status === 'reconnecting' && connection
          ? 'Connection lost · reconnecting…'
          : 'Connecting…';

  if (flat) {
    return (
      <div className="app app-flat">
        <Suspense fallback={<p className="flat-loading">Loading the 2D page…</p>}>
          <FlatPage
          labels={ZONE_LABELS}
          zone={zone}
          onZone={chooseZone}
          connection={connection}
          presence={presence}
          notice={notice}
          onDismissNotice={() => setNotice(undefined)}
          warning={webgl.kind === 'none' ? 'This browser cannot show 3D graphics (WebGL is not available), so Marque opened in flat mode: every zone, its cars, the chat and live launches are here.' : undefined}
          onLeave={webgl.kind === 'none' ? undefined : () => setFlat(false)}
          account={account}
          launch={launchEvent ? { event: launchEvent, show, player, panel: launchPanel } : undefined}
          />
        </Suspense>
      </div>
    );
  }

  return (
    <div className="app">
      <WorldCanvas
        zone={zone}
        labels={ZONE_LABELS}
        connection={connection}
        onCreated={setView3d}
        configurations={zone === 'garage' && !zoneCars ? garageCars : undefined}
        cars={atLaunch ? NO_CARS : zoneCars}
        staging={atLaunch ? staging : undefined}
        standAt={standAt ?? (zone === 'museum' ? tourStand : undefined)}
        zones={VR_MENU_ZONES}
        onZone={chooseZone}
      />
      <Suspense fallback={null}>
        <ZoneLoading labels={ZONE_LABELS} />
      </Suspense>
      <header className="top-bar">
        <div className="wordmark" aria-label="Marque">
          MARQUE
        </div>
        <ZoneSwitch labels={ZONE_LABELS} zone={zone} onZone={chooseZone} touch={touch} />
        {account}
        {/* In the header so that it hangs just below it, however many lines the header wraps to. */}
        {zone === 'garage' && connection && session && garageTwin && garageShown ? (
          <Suspense fallback={null}>
            <GaragePanel
              world={world}
              session={session}
              twins={view.choices}
              twin={garageTwin}
              onSelect={setPickedTwin}
              shown={garageShown}
              previewing={preview !== undefined && (preview.trying !== undefined || Object.keys(preview.picked).length > 0)}
              onPick={(configuration) => previewGarage(garageTwin.tokenId, configuration)}
              trying={preview?.trying}
              onTry={(addOn) => previewGarage(garageTwin.tokenId, preview?.picked ?? {}, addOn)}
              onReset={() => setGaragePreview(undefined)}
              refreshTwins={owner.refresh}
            />
          </Suspense>
        ) : (
          zone === 'garage' &&
          connection && (
            <Suspense fallback={null}>
              <ZoneConfigurator
                zone="garage"
                configurations={garageCars}
                onChange={configureGarageCar}
                note={
                  owner.error ? `Your cars could not be loaded (${owner.error}); this is the current model.`
                  : owner.twins?.length === 0 ? 'This wallet holds no twin: this is the current model.'
                  : undefined
                }
              />
            </Suspense>
          )
        )}
        {launchPanel}
        {zone === 'launch' && !atLaunch && (
          <Suspense fallback={null}>
            <UpcomingLaunches />
          </Suspense>
        )}
        {zone === 'factory' && connection && view.twin && (
          <Suspense fallback={null}>
            <FactoryTimeline twins={view.choices} twin={view.twin} onSelect={setPickedTwin} />
          </Suspense>
        )}
        {zone === 'lounge' && connection && session && roles.includes('dealer') ? (
          <Suspense fallback={null}>
            <DealerConsole world={world} dealer={session.address} token={session.token} />
          </Suspense>
        ) : (
          zone === 'lounge' &&
          connection &&
          session &&
          view.twin && (
            <Suspense fallback={null}>
              <PassportPanel token={session.token} twins={view.choices} twin={view.twin} onSelect={setPickedTwin} />
            </Suspense>
          )
        )}
      </header>
      {notice && (
        <div className="notice" role="alert">
          <span>{notice}</span>
          <button type="button" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
            ×
          </button>
        </div>
      )}
      {connection && <RoomPanel connection={connection} zone={zone} />}
      {zone === 'museum' && (
        <Suspense fallback={null}>
          <MuseumOverlay onStand={setTourStand} />
        </Suspense>
      )}
      {touch && (
        <Suspense fallback={null}>
          <TouchJoystick />
        </Suspense>
      )}
      <footer className="bottom-bar">
        <span className="status" data-testid="presence">
          {presence}
        </span>
        <span className="hint">
          {webgl.kind === 'software' ? 'No graphics acceleration: 3D may be slow (try flat mode) · ' : ''}
          {touch ? 'Drag to look · stick to walk · tap the floor to go there' : 'Drag to look · WASD or click the floor to walk · M map · ? help'}
        </span>
        <button type="button" aria-pressed={false} onClick={() => setFlat(true)}>
          Flat mode
        </button>
        <EnterVrButton />
      </footer>
    </div>
  );
}

/** "Enter VR", offered only where the browser can start an immersive-vr session. */
function EnterVrButton() {
  const [supported, setSupported] = useState(false);
  const inXR = useSyncExternalStore(xrStore.subscribe, () => xrStore.getState().session != null);
  useEffect(() => {
    navigator.xr?.isSessionSupported('immersive-vr').then(setSupported, () => setSupported(false));
  }, []);
  if (!supported) return <span className="vr-unavailable">VR: open on a headset</span>;
  return (
    <button type="button" className="primary" onClick={() => (inXR ? xrStore.getState().session?.end() : xrStore.enterVR())}>
      {inXR ? 'Exit VR' : 'Enter VR'}
    </button>
  );
}
