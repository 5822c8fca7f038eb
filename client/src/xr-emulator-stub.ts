import { MarqueError } from '../../protocol/src/errors';

/**
 * Stands in for `@iwer/devui` and `@iwer/sem` (see vite.config.ts): @react-three/xr's
 * emulator imports them, but this app never starts that emulator.
 */
export class DevUI {
  constructor() {
    throw new MarqueError('xr', 'the built-in XR emulator is not part of this build; use ?xrtest');
  }
}
export const SyntheticEnvironmentModule = DevUI;
