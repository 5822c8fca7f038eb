import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { xrStore } from '../xr-store';

/** "Enter VR", offered only where the browser can start an immersive-vr session; "Exit VR" in one. */
export function EnterVrButton() {
  const { t } = useTranslation();
  const [supported, setSupported] = useState(false);
  const inXR = useSyncExternalStore(xrStore.subscribe, () => xrStore.getState().session != null);
  useEffect(() => {
    navigator.xr?.isSessionSupported('immersive-vr').then(setSupported, () => setSupported(false));
  }, []);
  if (!supported) return <span className="vr-unavailable">{t('app.vrUnavailable')}</span>;
  return (
    <button type="button" className="primary" onClick={() => (inXR ? xrStore.getState().session?.end() : xrStore.enterVR())}>
      {inXR ? t('app.exitVr') : t('app.enterVr')}
    </button>
  );
}
