import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { startI18n, t } from './i18n/i18n';
import { queryClient } from './queries/query-client';
import { fetchWorldInfo } from './wallet/world-info';

const root = createRoot(document.getElementById('root')!);

async function start() {
  // The page's language (a link's ?lang=, the visitor's choice, the browser's) before anything renders.
  await startI18n();
  // A twin's public showcase (what its QR code opens): its own page and chunk, no wallet, no rooms.
  const showcase = new URLSearchParams(location.search).get('showcase');
  if (showcase !== null) {
    const { ShowcasePage } = await import('./showcase/showcase-page');
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <ShowcasePage tokenId={showcase} />
        </QueryClientProvider>
      </StrictMode>,
    );
    return;
  }
  // A passport verification link (`?verify=<token>`): a car's certified history for a buyer; its own page and chunk, no wallet.
  const verify = new URLSearchParams(location.search).get('verify');
  if (verify !== null) {
    const { VerifyPage } = await import('./journey/verify-page');
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <VerifyPage linkToken={verify} />
        </QueryClientProvider>
      </StrictMode>,
    );
    return;
  }
  // The brand team's host console (`?host`, `?host=<eventId>`): its own page and chunk.
  const host = new URLSearchParams(location.search).get('host');
  if (host !== null) {
    const [{ HostConsole }, world] = await Promise.all([import('./zones/launch/host/host-console'), fetchWorldInfo()]);
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <HostConsole world={world} eventId={host || undefined} />
        </QueryClientProvider>
      </StrictMode>,
    );
    return;
  }
  // The staff console (`?staff`): the order desk, the factory, people, passes, keys and webhooks; its own page and chunk.
  if (new URLSearchParams(location.search).has('staff')) {
    const [{ StaffConsole }, world] = await Promise.all([import('./staff/staff-console'), fetchWorldInfo()]);
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <StaffConsole world={world} />
        </QueryClientProvider>
      </StrictMode>,
    );
    return;
  }
  // The privacy and profile page (`?privacy`, `?profile`): consent, preferences, family, export and erasure; its own chunk.
  if (new URLSearchParams(location.search).has('privacy') || new URLSearchParams(location.search).has('profile')) {
    const [{ PrivacyPage }, world] = await Promise.all([import('./privacy/privacy-page'), fetchWorldInfo()]);
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <PrivacyPage world={world} />
        </QueryClientProvider>
      </StrictMode>,
    );
    return;
  }
  // The local mail outbox (`?outbox`): the notification centre's mails under npm start without SMTP_URL.
  if (new URLSearchParams(location.search).has('outbox')) {
    const { OutboxPage } = await import('./notifications/outbox-page');
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <OutboxPage />
        </QueryClientProvider>
      </StrictMode>,
    );
    return;
  }
  // Owners without a wallet: an owner invitation, a pairing link, or the passkey sign-in (`?passkey`).
  const params = new URLSearchParams(location.search);
  if (params.has('owner-invitation') || params.has('add-device') || params.has('passkey')) {
    const [{ PasskeyPage }, world] = await Promise.all([import('./wallet/passkey-page'), fetchWorldInfo()]);
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <PasskeyPage world={world} invitation={params.get('owner-invitation') ?? undefined} pairing={params.get('add-device') ?? undefined} />
        </QueryClientProvider>
      </StrictMode>,
    );
    return;
  }
  // Tests drive the VR path with IWER, installed before the XR store looks for WebXR.
  if (new URLSearchParams(location.search).has('xrtest')) await import('./xr-test');
  const world = await fetchWorldInfo();
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App world={world} />
      </QueryClientProvider>
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  root.render(
    <div className="fatal" role="alert">
      <h1>{t('app.fatalTitle')}</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>,
  );
});
