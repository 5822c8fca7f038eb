import { MarqueError } from '../../../protocol/src/errors';
import type { WorldInfo } from '../../../protocol/src/world-api';

export type { WorldInfo };

/** Fetches the world's chain and demo wallets; the client needs them before wagmi can start. */
export async function fetchWorldInfo(): Promise<WorldInfo> {
  const response = await fetch('/api/world');
  if (!response.ok) throw new MarqueError('world', `the server answered ${response.status} to /api/world; is it running?`, { status: response.status });
  return (await response.json()) as WorldInfo;
}
