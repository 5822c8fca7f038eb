import { lazy, Suspense, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Scene } from 'three';
import type { AddOn } from '../../server/src/protocol/twin-api';
import { useWorldConnection } from './net/use-world-connection';
import type { RoomName, WorldConnection } from './net/world-connection';
import { garageConfiguration, ownerCars, ownerView } from './owner/owner-journey';
import { useOwnerTwins } from './owner/use-owner-twins';
import { RoomPanel } from './ui/room-panel';
import { ZoneConfigurator } from './ui/zone-configurator';
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
import { useSessionRefresh } from './wallet/use-session-refresh';
import type { WorldInfo } from './wallet/world-info';
import type { Configuration } from './world/shared/variants';
import { WorldCanvas } from './world/world-canvas';
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

const ZONE_LABELS: Record<RoomName, string> = {
  museum: 'Museum',
  factory: 'Factory line',
  arena: 'Launch arena',
  garage: "Owners' garage",
  lounge: 'Service lounge',
};

/** The zone a link opens (`?zone=factory`), the museum otherwise. */
function initialZone(): RoomName {
  const asked = new URLSearchParams(location.search).get('zone');
  return asked && asked in ZONE_LABELS ? (asked as RoomName) : 'museum';
}

/** Read-only handle for the console and the end-to-end tests. */
declare global {
  interface Window {
    /** `zone` and the rest in the world; `scene` and `showcase` (the twin's id) on a showcase page. */
    marque?: { zone?: RoomName; connection?: WorldConnection; scene?: Scene; session?: SignedInSession; showcase?: string };
  }
}

/** The brand world: the 3D canvas, the zone switch, sign-in and the notices. */
export function App({ world }: AppProps) {
  const [zone, setZone] = useState<RoomName>(initialZone);
  const [session, setSession] = useState<SignedInSession | undefined>(storedSession);
  const [notice, setNotice] = useState<string>();
  const [visitors, setVisitors] = useState(0);
  const [scene, setScene] = useState<Scene>();
  // The garage's car configurations by car id; they stay chosen while the visitor goes elsewhere.
  const [garageCars, setGarageCars] = useState<Record<string, Configuration>>({});
  const configureGarageCar = useCallback((carId: string, configuration: Configuration) => {
    setGarageCars((all) => ({ ...all, [carId]: configuration }));
  }, []);

  const handleRefused = useCallback((refused: RoomName) => {
    // A refused or removed visitor goes back to the public museum; the notice stays up
    // (until dismissed or the next choice) so they can read why.
    if (refused !== 'museum') setZone('museum');
  }, []);
  const [guestPass, setGuestPass] = useState<GuestPass | undefined>(storedGuestPass);
  const token = session?.token ?? guestPass?.token;
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const currentToken = useCallback(() => tokenRef.current, []);
  const identity = session ? `wallet:${session.address}` : guestPass ? `guest:${guestPass.scopes.join(',')}` : undefined;
  const { connection, status } = useWorldConnection(zone, identity, currentToken, { onNotice: setNotice, onRefused: handleRefused });

  // The signed-in owner's twins (loaded again on entering an owner's zone, so stages are today's), the
  // one picked last, and what the garage previews on it (configurator choices, an add-on tried).
  const owner = useOwnerTwins(session, zone === 'garage' || zone === 'factory' || zone === 'lounge' ? zone : undefined);
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

  const refreshed = useCallback((fresh: string, expiresAt: string) => {
    setSession((current) => {
      if (!current) return current;
      const updated = { ...current, token: fresh, expiresAt };
      rememberSession(updated);
      return updated;
    });
  }, []);
  const refreshedPass = useCallback((fresh: string, expiresAt: string) => {
    setGuestPass((current) => {
      if (!current) return current;
      const updated = { ...current, token: fresh, expiresAt };
      rememberGuestPass(updated);
      return updated;
    });
  }, []);
  const sessionEnded = useCallback((message: string) => {
    forgetSession();
    setSession(undefined);
    setNotice(message);
  }, []);
  useSessionRefresh(session, refreshed, sessionEnded);
  useSessionRefresh(guestPass, refreshedPass, setNotice);

  useEffect(() => {
    if (!connection) return setVisitors(0);
    const update = () => setVisitors(connection.avatars.size + 1);
    update();
    return connection.onAvatarsChanged(update);
  }, [connection]);

  useEffect(() => {
    window.marque = { zone, connection, scene, session };
  }, [zone, connection, scene, session]);

  const handleSession = useCallback((signedIn: SignedInSession) => {
    setSession(signedIn);
    setNotice(undefined);
  }, []);

  return (
    <div className="app">
      <WorldCanvas zone={zone} connection={connection} onScene={setScene} configurations={zone === 'garage' && !zoneCars ? garageCars : undefined} cars={zoneCars} />
      <header className="top-bar">
        <div className="wordmark" aria-label="Marque">
          MARQUE
        </div>
        <nav className="zones" aria-label="Zones">
          {(Object.keys(ZONE_LABELS) as RoomName[]).map((name) => (
            <button
              key={name}
              type="button"
              aria-pressed={zone === name}
              onClick={() => {
                setNotice(undefined);
                setZone(name);
              }}
            >
              {ZONE_LABELS[name]}
            </button>
          ))}
        </nav>
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
        {zone === 'factory' && connection && view.twin && (
          <Suspense fallback={null}>
            <FactoryTimeline twins={view.choices} twin={view.twin} onSelect={setPickedTwin} />
          </Suspense>
        )}
        {zone === 'lounge' && connection && session && view.twin && (
          <Suspense fallback={null}>
            <PassportPanel token={session.token} twins={view.choices} twin={view.twin} onSelect={setPickedTwin} />
          </Suspense>
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
      <footer className="bottom-bar">
        <span className="status" data-testid="presence">
          {connection && status === 'connected'
            ? `${ZONE_LABELS[zone]} · ${visitors} ${visitors === 1 ? 'visitor' : 'visitors'} here`
            : status === 'reconnecting' && connection
              ? 'Connection lost · reconnecting…'
              : 'Connecting…'}
        </span>
        <span className="hint">Click and drag to look · WASD to walk</span>
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
