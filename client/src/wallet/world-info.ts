import type { Address } from 'viem';

/** A demo owner's wallet, offered on a local development chain. */
export interface DemoWallet {
  address: Address;
  label: string;
}

/** What the server tells the client about the world it runs (GET /api/world). */
export interface WorldInfo {
  chainId: number;
  twinAddress: Address;
  demoWallets: DemoWallet[];
}

/** Fetches the world's chain and demo wallets; the client needs them before wagmi can start. */
export async function fetchWorldInfo(): Promise<WorldInfo> {
  const response = await fetch('/api/world');
  if (!response.ok) throw new Error(`world: the server answered ${response.status} to /api/world; is it running?`);
  return (await response.json()) as WorldInfo;
}
