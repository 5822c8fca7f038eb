import type { Address } from 'viem';
import type { Role } from './access-rules';

/** A wallet offered for signing in on a local development chain. */
export interface DemoWallet {
  address: Address;
  label: string;
  /** Its key, one of the local chain's public test keys: the page signs with it (never the node). */
  privateKey: `0x${string}`;
}

/** Body of `GET /api/me`: who the session is and the roles the chain gives that wallet. */
export interface MeView {
  address: Address;
  roles: Role[];
}

/** Body of `GET /api/world`: what the client needs before wagmi can start. */
export interface WorldInfo {
  chainId: number;
  twinAddress: Address;
  /** MarquePassport, whose EIP-712 domain dealers sign service records in; absent when not configured. */
  passportAddress?: Address;
  demoWallets: DemoWallet[];
}
