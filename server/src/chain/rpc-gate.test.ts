import { createWalletClient, custom, parseEther } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANVIL_DEFAULTS, startAnvil, type AnvilNode } from './anvil';
import { RPC_MAX_BATCH, RpcGate } from './rpc-gate';

let anvil: AnvilNode;
const checkpoints: number[] = [];
let gate: RpcGate;

beforeAll(async () => {
  anvil = await startAnvil();
  gate = new RpcGate({ rpcUrl: anvil.rpcUrl, checkpoint: async () => void checkpoints.push(Date.now()) });
});
afterAll(() => anvil?.stop());

const staff = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

describe("the page's /rpc gate", () => {
  it('refuses to have the node sign: eth_sendTransaction from the staff account is not passed on', async () => {
    const answer = await gate.handle({
      jsonrpc: '2.0',
      id: 7,
      method: 'eth_sendTransaction',
      params: [{ from: staff, to: '0x000000000000000000000000000000000000dEaD', value: '0x1' }],
    });
    expect(answer).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32601, message: expect.stringMatching(/^rpc: eth_sendTransaction is not offered here/) },
    });
    for (const method of ['personal_sign', 'eth_signTypedData_v4', 'eth_accounts', 'anvil_setBalance', 'evm_mine', 'anvil_dumpState']) {
      expect(await gate.handle({ jsonrpc: '2.0', id: 1, method, params: [] })).toMatchObject({ error: { code: -32601 } });
    }
  });

  it('passes reads, and batches up to its limit', async () => {
    expect(await gate.handle({ jsonrpc: '2.0', id: 'a', method: 'eth_chainId' })).toEqual({ jsonrpc: '2.0', id: 'a', result: '0x7a69' });
    const batch = Array.from({ length: 2 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'eth_blockNumber', params: [] }));
    expect(await gate.handle(batch)).toHaveLength(2);
    const tooMany = Array.from({ length: RPC_MAX_BATCH + 1 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'eth_blockNumber' }));
    expect(await gate.handle(tooMany)).toMatchObject({ error: { code: -32600 } });
    expect(await gate.handle({ method: 'eth_chainId' })).toMatchObject({ error: { message: expect.stringMatching(/^rpc: not a JSON-RPC 2.0 call/) } });
  });

  it("passes a transaction its sender signed, and answers only once it is mined and the chain's state saved", async () => {
    // A wallet signing in the page, sending through the gate.
    const wallet = createWalletClient({
      account: mnemonicToAccount(ANVIL_DEFAULTS.mnemonic, { addressIndex: 1 }),
      chain: foundry,
      transport: custom({ request: async (request) => unwrap(await gate.handle({ jsonrpc: '2.0', id: 1, ...request })) }),
    });
    const before = checkpoints.length;
    const hash = await wallet.sendTransaction({ to: '0x000000000000000000000000000000000000bEEF', value: parseEther('0.001') });
    expect(checkpoints.length).toBe(before + 1);
    const receipt = unwrap(await gate.handle({ jsonrpc: '2.0', id: 2, method: 'eth_getTransactionReceipt', params: [hash] })) as { status: string };
    expect(receipt.status).toBe('0x1');
  });
});

function unwrap(answer: unknown): unknown {
  const one = answer as { result?: unknown; error?: { message: string } };
  if (one.error) throw new Error(one.error.message);
  return one.result;
}
