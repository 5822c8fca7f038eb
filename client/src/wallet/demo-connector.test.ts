import { createPublicClient, http, recoverMessageAddress, recoverTypedDataAddress, type EIP1193RequestFn } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type AnvilNode } from '../../../server/src/chain/anvil';
import { reviveTypedData, signingInPage } from './demo-connector';

// Anvil's account 2, one of the public test keys the local chain's demo wallets use.
const account = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
let anvil: AnvilNode;
let request: EIP1193RequestFn;
const forwarded: string[] = [];

beforeAll(async () => {
  anvil = await startAnvil();
  const node = http(anvil.rpcUrl)({ chain: foundry });
  request = signingInPage(account, foundry, (async (args: { method: string; params?: unknown }) => {
    forwarded.push(args.method);
    return node.request(args as never);
  }) as EIP1193RequestFn);
});
afterAll(() => anvil?.stop());

const typedData = {
  domain: { name: 'MarquePassport', version: '1', chainId: 31337, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
  types: {
    ServiceRecord: [
      { name: 'tokenId', type: 'uint256' },
      { name: 'kind', type: 'uint8' },
      { name: 'hashes', type: 'bytes32[]' },
      { name: 'nonces', type: 'uint64[]' },
    ],
  },
  primaryType: 'ServiceRecord',
  message: { tokenId: 12n, kind: 2, hashes: [`0x${'ab'.repeat(32)}`], nonces: [1n, 2n] },
} as const;

describe('a demo wallet signing in the page', () => {
  it('signs messages and typed data with its own key, never asking the node', async () => {
    const message = 'Sign in to Marque';
    const signature = (await request({ method: 'personal_sign', params: [`0x${Buffer.from(message).toString('hex')}`, account.address] })) as `0x${string}`;
    expect(await recoverMessageAddress({ message, signature })).toBe(account.address);

    // As wallets receive it: JSON, integers as strings.
    const json = JSON.stringify(typedData, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
    const typedSignature = (await request({ method: 'eth_signTypedData_v4', params: [account.address, json] })) as `0x${string}`;
    expect(await recoverTypedDataAddress({ ...typedData, signature: typedSignature })).toBe(account.address);
    expect(forwarded).toEqual([]);
  });

  it('sends a transaction as a raw transaction it signed', async () => {
    const hash = (await request({
      method: 'eth_sendTransaction',
      params: [{ from: account.address, to: '0x000000000000000000000000000000000000bEEF', value: '0x2a' }],
    })) as `0x${string}`;
    const receipt = await createPublicClient({ transport: http(anvil.rpcUrl) }).waitForTransactionReceipt({ hash, pollingInterval: 20 });
    expect(receipt.from.toLowerCase()).toBe(account.address.toLowerCase());
    expect(forwarded).toContain('eth_sendRawTransaction');
    expect(forwarded).not.toContain('eth_sendTransaction');
  });

  it('revives typed data integers inside arrays and structs', () => {
    const revived = reviveTypedData({ ...typedData, message: { tokenId: '12', kind: '2', hashes: [], nonces: ['1', '2'] } } as never);
    expect(revived.message).toEqual({ tokenId: 12n, kind: 2n, hashes: [], nonces: [1n, 2n] });
  });
});
