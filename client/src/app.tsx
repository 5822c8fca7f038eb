import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Object3D, Scene, WebGLRenderer } from 'three';
import { detectWebGL } from './flat/webgl-support';
import { serverNow } from './zones/launch/clock';
import type { ShowFeed } from './net/show-feed';
import { launchLink } from './zones/launch/launch-attendance';
import { useLaunchAttendance } from './zones/launch/use-launch-attendance';
import { useLaunchShow } from './zones/launch/use-launch-show';
import { useWorldConnection } from './hooks/use-world-connection';
import type { RoomName } from './net/world-connection';
import { ownerView } from './owner/owner-journey';
import { useOwnerTwins } from './owner/use-owner-twins';
import { publishInspection } from './inspection';
import { PrivacyLayer } from './privacy/privacy-layer';
import { EnterVrButton } from './ui/enter-vr-button';
import { presenceLine } from './ui/presence-line';
import { RoomPanel } from './ui/room-panel';
import { VoiceBar } from './ui/voice-bar';
import { usePoseEars, useVoice } from './voice/use-voice';
import { ZoneSwitch } from './ui/zone-switch';
import { LanguageSwitcher } from './i18n/language-switcher';
import { followProfileLanguage } from './i18n/profile-language';
import { profilePreferences } from './profile/preferences';
import { ENTRANCE_ZONE, EVENT_ZONE, zoneLabels, ZONES } from './zones/registry';
import type { ZoneSceneRequest } from './zones/zone-definition';
import { zoneNamed } from './zones/zone-link';
import {
  forgetSession,
  rememberGuestPass,
  rememberSession,
  storedGuestPass,
  storedSession,
  type GuestPass,
  type SignedInSession,
} from './wallet/session-store';
import { redeemLinkInvitation, takeInvitationCode } from './wallet/invitation';
import { useRoles } from './wallet/use-roles';
import { useSessionRefresh } from './wallet/use-session-refresh';
import type { WorldInfo } from './wallet/world-info';
import { isTouchDevice } from './world/shared/touch-controls';
import { trip } from './world/portals/trip';
import { WorldCanvas } from './world/world-canvas';

/** Props of {@link App}. */
export interface AppProps {
  world: WorldInfo;
}

const WalletPanel = lazy(() => import('./wallet/wallet-panel'));
// A launch event's stage and panel, only on an event's page (`?event=`).
const LaunchStage = lazy(() => import('./zones/launch/launch-stage').then((m) => ({ default: m.LaunchStage })));
const LaunchPanel = lazy(() => import('./zones/launch/launch-panel'));
// Flat mode and the touch joystick load where they are used, not on every page.
const FlatPage = lazy(() => import('./flat/flat-page').then((m) => ({ default: m.FlatPage })));
const TouchJoystick = lazy(() => import('./ui/touch-joystick').then((m) => ({ default: m.TouchJoystick })));
// The zone's loading progress over the canvas, in a chunk of its own.
const ZoneLoading = lazy(() => import('./ui/zone-loading').then((m) => ({ default: m.ZoneLoading })));
// The signed-in owner's notification bell, in a chunk of its own.
const NotificationBell = lazy(() => import('./notifications/notification-bell').then((m) => ({ default: m.NotificationBell })));

/** At a launch event the zone shows the event's car, which its stage places (under its cover). */
const NO_CARS: readonly [] = [];

/** The zone a link opens (`?zone=factory`, old names such as `?zone=arena` too; a launch event's `?event=` its zone), the entrance otherwise. */
function initialZone(): RoomName {
  if (launchLink()) return EVENT_ZONE;
  return zoneNamed(new URLSearchParams(location.search).get('zone')) ?? ENTRANCE_ZONE;
}

/** The brand world: the 3D canvas, the zone switch, sign-in and the notices. */
export function App({ world }: AppProps) {
  const { t, i18n } = useTranslation();
  // The zones' names in the page's language, and as the VR menu lists them (the zone buttons' order).
  const labels = useMemo(() => zoneLabels(), [i18n.language]);
  const vrMenuZones = useMemo(() => (Object.keys(labels) as RoomName[]).map((id) => ({ id, label: labels[id] })), [labels]);
  const [zone, setZone] = useState<RoomName>(initialZone);
  // Flat mode (`?flat`, the toggle, or no WebGL at all); a touch screen gets the joystick.
  const [webgl] = useState(detectWebGL);
  const [flat, setFlat] = useState(() => webgl.kind === 'none' || new URLSearchParams(location.search).has('flat'));
  const [touch] = useState(isTouchDevice);
  const [session, setSession] = useState<SignedInSession | undefined>(storedSession);
  const [notice, setNotice] = useState<string>();
  const [visitors, setVisitors] = useState(0);
  const [view3d, setView3d] = useState<{ scene: Scene; renderer: WebGLRenderer }>();
  const here = ZONES[zone];
  // What the zone's panels ask of its scene (owners' cars, configurations, where to stand), for that zone only.
  const [sceneRequest, setSceneRequest] = useState<{ zone: RoomName; request: ZoneSceneRequest }>();
  const requestScene = useCallback(
    (request: ZoneSceneRequest) =>
      // The same request again changes nothing: panels ask on each change of what they show.
      setSceneRequest((last) => (last?.zone === zone && JSON.stringify(last.request) === JSON.stringify(request) ? last : { zone, request })),
    [zone],
  );
  const scene = sceneRequest?.zone === zone ? sceneRequest.request : undefined;

  // The last zone whose room let the visitor in: where a refusal sends them back.
  const admitted = useRef<RoomName>(undefined);
  const handleRefused = useCallback((refused: RoomName) => {
    // A refused or removed visitor goes back where they were (a doorway's trip arrives in
    // front of the doorway they took), else to the public museum; the notice stays up (until
    // dismissed or the next choice) so they can read why.
    const back = admitted.current && admitted.current !== refused ? admitted.current : ENTRANCE_ZONE;
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

  // A launch event (`?event=`): its zone is the event's room, or, when it is full or the link
  // says `?watch`, the overflow tier's stream with no avatar. Guests get a session first.
  const [link] = useState(launchLink);
  const launch = useLaunchAttendance({
    link,
    inLaunchZone: here.launches === true,
    hasSession: token !== undefined,
    token: currentToken,
    identity,
    onGuestPass: acceptGuestPass,
    onNotice: setNotice,
  });
  const atLaunch = here.launches === true && launch.eventId !== undefined;
  const { connection, status } = useWorldConnection(
    atLaunch && (!launch.ready || launch.overflow) ? undefined : zone,
    identity,
    currentToken,
    { onNotice: setNotice, onRefused: handleRefused, onOverflow: launch.enterOverflow },
    atLaunch ? launch.eventId : undefined,
  );
  const feed: ShowFeed | undefined = !atLaunch ? undefined : launch.overflow ? launch.stream : connection?.launch;
  const launchEvent = atLaunch ? launch.event : undefined;
  const { show, player, standAt } = useLaunchShow(launchEvent, feed, connection?.launch);
  const staging = useCallback(
    (environment: Object3D) => launchEvent && <LaunchStage environment={environment} event={launchEvent} feed={feed} player={player} now={serverNow} />,
    [launchEvent, feed, player],
  );

  // The signed-in owner's twins (loaded again on entering an owner's zone, so stages are today's)
  // and the one picked last.
  const owner = useOwnerTwins(session, here.owner ? zone : undefined);
  const roles = useRoles(session);
  const [pickedTwin, setPickedTwin] = useState<string>();
  const view = ownerView(here.owner, session ? owner.twins : undefined, pickedTwin);

  // An invitation link (`?invite=…`) is redeemed once: a signed-in visitor's session gains its
  // scope, a guest gets a pass.
  useEffect(() => {
    const code = takeInvitationCode();
    if (!code) return;
    void redeemLinkInvitation(code).then((redeemed) => {
      if (redeemed.session) setSession(redeemed.session);
      if (redeemed.guestPass) setGuestPass(redeemed.guestPass);
      setNotice(redeemed.notice);
    });
  }, []);

  // A signed-in person's profile language, once read (or saved on the profile page), is the page's.
  useEffect(() => followProfileLanguage(profilePreferences), []);

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

  const voice = useVoice(connection);
  // In flat mode no camera says where the visitor's ears are: their avatar's head does.
  usePoseEars(flat ? voice : undefined, connection);
  const voiceBar = connection && voice && <VoiceBar voice={voice} connection={connection} inline={flat} />;
  useEffect(() => publishInspection({ zone, connection, view3d, session, show, flat, voice }), [zone, connection, view3d, session, show, flat, voice]);

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
          {t('app.signIn')}
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
          setZone(ENTRANCE_ZONE);
        }}
      />
    </Suspense>
  );
  // A mail's "turn it off" link opens the bell on its preferences (`?notifications=preferences`).
  const bell = session && (
    <Suspense fallback={null}>
      <NotificationBell token={session.token} initialView={new URLSearchParams(location.search).get('notifications') === 'preferences' ? 'preferences' : undefined} />
    </Suspense>
  );
  const launchPanel = launchEvent && feed && (
    <Suspense fallback={null}>
      <LaunchPanel event={launchEvent} feed={feed} channel={launch.overflow ? undefined : connection?.launch} stream={launch.stream} player={player} world={world} session={session} />
    </Suspense>
  );
  const outlet = { world, session, connection, roles, owner, view, onPickTwin: setPickedTwin, atLaunch, onScene: requestScene };
  const presence = presenceLine({ label: labels[zone], joined: connection !== undefined, status, visitors, watching: atLaunch && launch.overflow });

  if (flat) {
    return (
      <div className="app app-flat">
        <Suspense fallback={<p className="flat-loading">{t('app.loadingFlat')}</p>}>
          <FlatPage
          labels={labels}
          zone={zone}
          onZone={chooseZone}
          connection={connection}
          presence={presence}
          notice={notice}
          onDismissNotice={() => setNotice(undefined)}
          warning={webgl.kind === 'none' ? t('app.noWebgl') : undefined}
          onLeave={webgl.kind === 'none' ? undefined : () => setFlat(false)}
          account={
            <>
              {bell}
              {account}
            </>
          }
          launch={launchEvent ? { event: launchEvent, show, player, panel: launchPanel } : undefined}
          >
            {here.FlatPanels && <here.FlatPanels key={zone} {...outlet} />}
            {voiceBar}
          </FlatPage>
          <PrivacyLayer session={session} zone={zone} />
        </Suspense>
      </div>
    );
  }

  return (
    <div className="app">
      <WorldCanvas
        zone={zone}
        labels={labels}
        connection={connection}
        onCreated={setView3d}
        parts={here.scene}
        configurations={scene?.configurations}
        cars={atLaunch ? NO_CARS : scene?.cars}
        staging={atLaunch ? staging : undefined}
        standAt={standAt ?? scene?.standAt}
        zones={vrMenuZones}
        onZone={chooseZone}
      />
      <Suspense fallback={null}>
        <ZoneLoading labels={labels} />
      </Suspense>
      <header className="top-bar">
        <div className="wordmark" aria-label="Marque">
          MARQUE
        </div>
        <ZoneSwitch labels={labels} zone={zone} onZone={chooseZone} touch={touch} />
        {bell}
        {account}
        {/* After the account, so that on a narrow window it is the switcher that wraps to a second row. */}
        <LanguageSwitcher />
        {/* In the header so that it hangs just below it, however many lines the header wraps to. */}
        {launchPanel}
        {here.Panels && <here.Panels key={zone} {...outlet} />}
      </header>
      {notice && (
        <div className="notice" role="alert">
          <span>{notice}</span>
          <button type="button" aria-label={t('app.dismiss')} onClick={() => setNotice(undefined)}>
            ×
          </button>
        </div>
      )}
      {connection && <RoomPanel connection={connection} zone={zone} />}
      {voiceBar}
      <PrivacyLayer session={session} zone={zone} />
      {here.Overlay && <here.Overlay key={zone} {...outlet} />}
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
          {webgl.kind === 'software' ? t('app.noAcceleration') : ''}
          {touch ? t('app.hintTouch') : t('app.hintDesktop')}
        </span>
        <button type="button" aria-pressed={false} onClick={() => setFlat(true)}>
          {t('app.flatMode')}
        </button>
        <EnterVrButton />
      </footer>
    </div>
  );
}
