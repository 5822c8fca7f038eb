import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { fetchWorldInfo } from './wallet/world-info';

const root = createRoot(document.getElementById('root')!);

async function start() {
  // Tests drive the VR path with IWER, installed before the XR store looks for WebXR.
  if (new URLSearchParams(location.search).has('xrtest')) await import('./xr-test');
  const world = await fetchWorldInfo();
  root.render(
    <StrictMode>
      <App world={world} />
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  root.render(
    <div className="fatal" role="alert">
      <h1>Marque could not start</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>,
  );
});
