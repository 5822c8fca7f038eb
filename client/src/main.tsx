import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { WagmiProvider } from 'wagmi';
import { App } from './app';
import { createWagmiConfig } from './wallet/wagmi-config';
import { fetchWorldInfo } from './wallet/world-info';

const root = createRoot(document.getElementById('root')!);

async function start() {
  // Tests drive the VR path with IWER, installed before the XR store looks for WebXR.
  if (new URLSearchParams(location.search).has('xrtest')) await import('./xr-test');
  const world = await fetchWorldInfo();
  const config = createWagmiConfig(world);
  const queryClient = new QueryClient();
  root.render(
    <StrictMode>
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>
          <App world={world} />
        </QueryClientProvider>
      </WagmiProvider>
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
