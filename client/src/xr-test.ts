import { metaQuest3, XRDevice } from 'iwer';

/**
 * Test-only (loaded lazily behind `?xrtest`): a plain IWER headset replaces the
 * browser's WebXR, so tests can enter VR and script poses and buttons.
 * `ipd: 0` keeps both eyes at the head position, which makes assertions exact.
 */
const device = new XRDevice(metaQuest3, { ipd: 0 });
device.installRuntime({ forceInstall: true });

declare global {
  interface Window {
    xrDevice?: XRDevice;
  }
}
window.xrDevice = device;
