import { createPublicClient, http, type Address } from 'viem';
import { marquePassportAbi } from '../../../protocol/src/contracts/abis';
import { SERVICE_KINDS } from '../../../protocol/src/contracts/contract-types';
import type { VerifiedPassport, VerifiedRecord } from '../../../protocol/src/journey-api';

/** A record as MarquePassport keeps it (`recordsOf`). */
export interface ChainRecord {
  recordHash: string;
  mileage: number;
  kind: number;
}

/** What the chain says of one record the server showed. */
export type RecordProof = { index: number; status: 'certified' } | { index: number; status: 'mismatch' | 'missing'; reason: string };

/**
 * Compares each record the server showed with what MarquePassport holds at the same position:
 * certified when hash, mileage and kind agree; `mismatch` naming the first that differs;
 * `missing` when the chain has no record there.
 */
export function compareWithChain(records: readonly VerifiedRecord[], chain: readonly ChainRecord[]): RecordProof[] {
  return records.map((record) => {
    const held = chain[record.index];
    if (!held) return { index: record.index, status: 'missing', reason: `the chain holds no record #${record.index + 1} for this car` };
    if (held.recordHash.toLowerCase() !== record.recordHash.toLowerCase()) {
      return { index: record.index, status: 'mismatch', reason: `the chain's hash is ${held.recordHash}, not ${record.recordHash}` };
    }
    if (held.mileage !== record.mileage) return { index: record.index, status: 'mismatch', reason: `the chain says ${held.mileage} km, not ${record.mileage} km` };
    if (held.kind !== SERVICE_KINDS[record.kind]) return { index: record.index, status: 'mismatch', reason: 'the chain records another kind of work' };
    return { index: record.index, status: 'certified' };
  });
}

/**
 * Reads the car's records from MarquePassport through the page's own JSON-RPC endpoint (`/rpc`,
 * reads only; no wallet) and compares them with what the server showed.
 */
export async function checkRecordsOnChain(view: VerifiedPassport, rpcUrl = new URL('/rpc', location.href).href): Promise<RecordProof[]> {
  if (!view.proof.passportAddress) {
    return view.records.map((r) => ({ index: r.index, status: 'missing' as const, reason: 'this server names no passport contract to check against' }));
  }
  const client = createPublicClient({ transport: http(rpcUrl) });
  const chainId = await client.getChainId();
  if (chainId !== view.proof.chainId) {
    return view.records.map((r) => ({ index: r.index, status: 'missing' as const, reason: `the page reached chain ${chainId}, not chain ${view.proof.chainId}` }));
  }
  const held = await client.readContract({
    address: view.proof.passportAddress as Address,
    abi: marquePassportAbi,
    functionName: 'recordsOf',
    args: [BigInt(view.tokenId)],
  });
  return compareWithChain(
    view.records,
    held.map((r) => ({ recordHash: r.recordHash, mileage: Number(r.mileage), kind: Number(r.kind) })),
  );
}
