import { z } from 'zod';

/**
 * What the page's `/rpc` passes to the chain: reads, and transactions the sender signed
 * themselves. Nothing that makes the node sign (`eth_sendTransaction`, `eth_sign…`, `personal_…`)
 * and nothing that changes the node (`anvil_…`, `evm_…`, `hardhat_…`): on the local chain the node
 * holds account 0, which has every role.
 */
export const RPC_ALLOWED_METHODS: ReadonlySet<string> = new Set([
  'eth_blockNumber',
  'eth_call',
  'eth_chainId',
  'eth_estimateGas',
  'eth_feeHistory',
  'eth_gasPrice',
  'eth_getBalance',
  'eth_getBlockByHash',
  'eth_getBlockByNumber',
  'eth_getCode',
  'eth_getLogs',
  'eth_getStorageAt',
  'eth_getTransactionByHash',
  'eth_getTransactionCount',
  'eth_getTransactionReceipt',
  'eth_maxPriorityFeePerGas',
  'eth_sendRawTransaction',
  'net_version',
  'web3_clientVersion',
]);

/** Most calls in one JSON-RPC batch. */
export const RPC_MAX_BATCH = 20;

const call = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string().max(64), z.number(), z.null()]).optional(),
  method: z.string().max(64),
  params: z.array(z.unknown()).max(16).optional(),
});
type RpcCall = z.infer<typeof call>;

/** A JSON-RPC 2.0 answer. */
export type RpcAnswer = { jsonrpc: '2.0'; id: RpcCall['id'] | null } & ({ result: unknown } | { error: { code: number; message: string } });

/** Where {@link RpcGate} sends what it lets through. */
export interface RpcGateOptions {
  rpcUrl: string;
  /**
   * Makes the chain durable up to its head (the local chain's saved state); awaited after a raw
   * transaction is mined and before its hash is answered, so a wallet never learns of a transaction
   * a crash of the chain could lose.
   */
  checkpoint?: () => Promise<void>;
  /** How long a raw transaction's receipt is waited for before answering anyway, ms. */
  receiptTimeoutMs?: number;
}

/**
 * The page's JSON-RPC endpoint: checks each call against {@link RPC_ALLOWED_METHODS} and forwards
 * the rest to the node, one batch at most {@link RPC_MAX_BATCH} long.
 */
export class RpcGate {
  constructor(private readonly options: RpcGateOptions) {}

  /** Answers a JSON-RPC request body (one call or a batch) as the node would, refusing what is not allowed. */
  async handle(body: unknown): Promise<RpcAnswer | RpcAnswer[]> {
    if (Array.isArray(body)) {
      if (body.length === 0 || body.length > RPC_MAX_BATCH) {
        return failure(null, -32600, `rpc: a batch holds 1 to ${RPC_MAX_BATCH} calls; this one holds ${body.length}`);
      }
      return Promise.all(body.map((one) => this.one(one)));
    }
    return this.one(body);
  }

  private async one(body: unknown): Promise<RpcAnswer> {
    const parsed = call.safeParse(body);
    if (!parsed.success) {
      return failure(null, -32600, 'rpc: not a JSON-RPC 2.0 call; send { "jsonrpc": "2.0", "id", "method", "params": [] }');
    }
    const { id = null, method } = parsed.data;
    if (!RPC_ALLOWED_METHODS.has(method)) {
      return failure(
        id,
        -32601,
        `rpc: ${method} is not offered here; this endpoint passes reads and transactions signed by their sender (eth_sendRawTransaction) only`,
      );
    }
    const answer = await this.forward(parsed.data);
    if (method === 'eth_sendRawTransaction' && 'result' in answer && typeof answer.result === 'string') {
      await this.settle(answer.result);
    }
    return answer;
  }

  private async forward(rpcCall: RpcCall): Promise<RpcAnswer> {
    const { id = null } = rpcCall;
    let response: Response;
    try {
      response = await fetch(this.options.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id, method: rpcCall.method, params: rpcCall.params ?? [] }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      return failure(id, -32000, 'rpc: the chain does not answer; try again in a moment');
    }
    const answer = (await response.json().catch(() => undefined)) as RpcAnswer | undefined;
    if (!answer || typeof answer !== 'object') return failure(id, -32000, `rpc: the chain answered ${response.status} without JSON-RPC`);
    return { ...answer, jsonrpc: '2.0', id };
  }

  /** Waits for a sent transaction's receipt, then for the chain's state to be saved with it. */
  private async settle(hash: string): Promise<void> {
    if (!this.options.checkpoint) return;
    const deadline = Date.now() + (this.options.receiptTimeoutMs ?? 5_000);
    while (Date.now() < deadline) {
      const receipt = await this.forward({ jsonrpc: '2.0', id: 1, method: 'eth_getTransactionReceipt', params: [hash] });
      if ('result' in receipt && receipt.result) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await this.options.checkpoint().catch(() => {});
  }
}

function failure(id: RpcCall['id'] | null, code: number, message: string): RpcAnswer {
  return { jsonrpc: '2.0', id: id ?? null, error: { code, message } };
}
