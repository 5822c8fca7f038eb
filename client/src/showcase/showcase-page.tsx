import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/server-error';
import { OrbitControls } from '@react-three/drei';
import { Canvas, useLoader, useThree } from '@react-three/fiber';
import { useQuery } from '@tanstack/react-query';
import { Suspense, use, useEffect, useState, type ReactNode } from 'react';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { TwinShowcase } from '../../../protocol/src/twin-api';
import { stageLabel } from '../owner/owner-journey';
import { ApiError } from '../net/api';
import { fetchShowcase, fetchTwinMetadata, isTwinId } from '../owner/twin-client';
import { storedSession } from '../wallet/session-store';
import { AssetBoundary } from '../world/shared/asset-boundary';
import { CarModel } from '../world/shared/car-model';
import { configureGltfLoader } from '../world/shared/gltf-loaders';
import { listCars, loadManifest } from '../world/shared/manifest';
import { offeredConfiguration } from '../world/shared/variants';
import { ZoneLighting } from '../world/zone/zone-lighting';
import { GARAGE } from '../zones/garage/garage-zone';
import { PageShell } from '../ui/page-shell';
import './showcase-page.css';

/** What the page found for the id in its link. */
type Found =
  | { status: 'loading' }
  | { status: 'shown'; showcase: TwinShowcase }
  | { status: 'private' }
  | { status: 'missing' }
  | { status: 'failed'; message: string };

/**
 * What a showcase link finds: the twin's public showcase; else, told apart through the token's
 * public metadata, a private showcase or a twin that does not exist. The signed-in owner's
 * token (this tab's session) goes along, so an owner sees their own private page.
 */
async function findShowcase(tokenId: string, signal: AbortSignal): Promise<Found> {
  if (!isTwinId(tokenId)) return { status: 'missing' };
  try {
    return { status: 'shown', showcase: await fetchShowcase(tokenId, storedSession()?.token, signal) };
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 403)) throw error;
    if (error.reason === 'not-public' || error.reason === 'private') return { status: 'private' };
    if (error.reason === 'not-found') return { status: 'missing' };
    try {
      await fetchTwinMetadata(tokenId, signal);
      return { status: 'private' };
    } catch (metadataError) {
      if (metadataError instanceof ApiError && metadataError.status === 404) return { status: 'missing' };
      throw metadataError;
    }
  }
}

/**
 * The public page a twin's QR code opens (`?showcase=<id>`): the car in 3D in its current
 * configuration (drag to turn it, pinch or scroll to zoom, or the Turn buttons), its model,
 * year, stage, version and number of certified service records; never its owner. No wallet
 * needed; made for a phone held upright as much as for a desktop.
 */
export function ShowcasePage({ tokenId }: { tokenId: string }) {
  const query = useQuery({ queryKey: ['twins', tokenId, 'showcase'], queryFn: ({ signal }) => findShowcase(tokenId, signal) });
  const { t } = useTranslation();
  const found: Found = query.data ?? (query.error ? { status: 'failed', message: errorMessage(query.error) } : { status: 'loading' });

  useEffect(() => {
    document.title = found.status === 'shown' ? t('showcase.documentTitleCar', { model: found.showcase.modelName }) : t('showcase.documentTitle');
  }, [found, t]);

  return (
    <PageShell className="showcase" kicker={t('showcase.kicker')} homeLabel={t('showcase.home')} mainClassName="showcase-main page-column" busy={found.status === 'loading'}>
      {found.status === 'loading' && <p className="showcase-message">{t('showcase.loading')}</p>}
      {found.status === 'private' && (
        <Message title={t('showcase.privateTitle')}>{t('showcase.privateText', { id: tokenId, setting: t('garage.publicShowcase') })}</Message>
      )}
      {found.status === 'missing' && (
        <Message title={t('showcase.missingTitle')}>{isTwinId(tokenId) ? t('showcase.missingId', { id: tokenId }) : t('showcase.notAnId', { id: tokenId })}</Message>
      )}
      {found.status === 'failed' && <Message title={t('showcase.failedTitle')}>{found.message}</Message>}
      {found.status === 'shown' && <Showcase showcase={found.showcase} />}
    </PageShell>
  );
}

function Message({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="showcase-message" role="alert" aria-labelledby="showcase-message-title">
      <h1 id="showcase-message-title">{title}</h1>
      <p>{children}</p>
      <p>
        <a href="/">{t('showcase.visit')}</a>
      </p>
    </section>
  );
}

function Showcase({ showcase }: { showcase: TwinShowcase }) {
  const { t } = useTranslation();
  const [turn, setTurn] = useState(0);
  return (
    <article className="showcase-card" aria-labelledby="showcase-title">
      <div className="showcase-heading">
        <h1 id="showcase-title">{showcase.modelName}</h1>
        <p className="showcase-subtitle">{t('showcase.subtitle', { id: showcase.tokenId })}</p>
      </div>
      <div className="showcase-viewer" role="img" aria-label={t('showcase.viewer', { model: showcase.modelName })}>
        <Canvas className="showcase-canvas" dpr={[1, 2]} camera={{ fov: FOV, near: 0.1, far: 80, position: VIEW_DIRECTION }} onCreated={({ scene }) => (window.marque = { ...window.marque, scene, showcase: showcase.tokenId })}>
          <ZoneLighting look={GARAGE.scene.look} />
          <mesh rotation-x={-Math.PI / 2} position-y={-0.002}>
            <circleGeometry args={[4.2, 64]} />
            <meshStandardMaterial color="#1c1a17" roughness={0.85} />
          </mesh>
          <AssetBoundary>
            <Suspense fallback={null}>
              <group rotation-y={turn}>
                <ShowcaseCar showcase={showcase} />
              </group>
            </Suspense>
          </AssetBoundary>
          <FitCamera />
          <OrbitControls makeDefault target={TARGET} enablePan={false} minDistance={3.2} maxDistance={18} maxPolarAngle={Math.PI / 2 - 0.06} />
        </Canvas>
      </div>
      <div className="showcase-turn">
        <span className="showcase-hint">{t('showcase.hint')}</span>
        <button type="button" onClick={() => setTurn((angle) => angle - Math.PI / 4)}>
          {t('showcase.turnLeft')}
        </button>
        <button type="button" onClick={() => setTurn((angle) => angle + Math.PI / 4)}>
          {t('showcase.turnRight')}
        </button>
      </div>
      <dl className="showcase-facts">
        <div>
          <dt>{t('showcase.model')}</dt>
          <dd>{showcase.modelName}</dd>
        </div>
        <div>
          <dt>{t('museum.facts.year')}</dt>
          <dd>{showcase.year ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('showcase.stage')}</dt>
          <dd>{stageLabel(showcase.stage)}</dd>
        </div>
        <div>
          <dt>{t('showcase.version')}</dt>
          <dd>{showcase.version}</dd>
        </div>
        <div>
          <dt>{t('showcase.records')}</dt>
          <dd>{showcase.serviceRecords === 0 ? t('showcase.noRecords') : t('showcase.certified', { count: showcase.serviceRecords })}</dd>
        </div>
      </dl>
      <p className="showcase-note">
        {t('showcase.privacy')} <a href="/">{t('showcase.visit')}</a>
      </p>
    </article>
  );
}

/** The camera's vertical field of view, degrees. */
const FOV = 40;
/** Where the camera looks: the middle of the car, a little above the ground. */
const TARGET: [number, number, number] = [0, 0.55, 0];
/** Where the camera starts, seen from the target: three-quarter front, a little above. */
const VIEW_DIRECTION: [number, number, number] = [5.2, 1.9, 6.4];
/** Half the width the whole car needs on screen from that angle, metres (the longest car and a margin). */
const HALF_WIDTH = 2.8;

/**
 * Starts the camera far enough away that the whole car fits across the view, whatever its shape:
 * a phone held upright needs it further back than a landscape screen.
 */
function FitCamera() {
  const camera = useThree((state) => state.camera);
  const aspect = useThree((state) => state.size.width / Math.max(1, state.size.height));
  useEffect(() => {
    const across = Math.tan(((FOV / 2) * Math.PI) / 180) * aspect;
    const distance = Math.max(6.2, HALF_WIDTH / across);
    const [x, y, z] = VIEW_DIRECTION;
    const length = Math.hypot(x, y, z);
    camera.position.set(TARGET[0] + (x / length) * distance, TARGET[1] + (y / length) * distance, TARGET[2] + (z / length) * distance);
    camera.lookAt(...TARGET);
  }, [camera, aspect]);
  return null;
}

/**
 * The car as the world publishes it for this device (the manifest's file, switched to the
 * twin's configuration in place); the twin's own glb (`modelUrl`) where the manifest lacks it.
 */
function ShowcaseCar({ showcase }: { showcase: TwinShowcase }) {
  const manifest = use(loadManifest());
  const entry = listCars(manifest).find((car) => car.id === showcase.model);
  if (entry) return <CarModel entry={entry} configuration={offeredConfiguration(entry, showcase.currentConfiguration)} />;
  return <TwinGlb url={showcase.modelUrl} name={`car:${showcase.model}`} />;
}

function TwinGlb({ url, name }: { url: string; name: string }) {
  const gl = useThree((state) => state.gl);
  const gltf = useLoader(GLTFLoader, url, (loader) => configureGltfLoader(loader, gl));
  return (
    <group name={name}>
      <primitive object={gltf.scene} />
    </group>
  );
}
