import { type Abi, type Address, decodeFunctionData, getAddress, isAddressEqual } from 'viem';
import { marqueEventPassAbi, marqueOwnerProfileAbi, marquePasskeyAccountAbi, marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';
import type { AccountCall } from '../../../protocol/src/passkey-signature';
import type { Database } from '../db/database';

/** Limits of what the marque pays for. */
export interface SponsorshipLimits {
  /** Most sponsored batches one account sends in a UTC day. */
  perAccountPerDay: number;
  /** Most sponsored batches all accounts together send in a UTC day. */
  perDay: number;
  /** Most calls in one batch. */
  callsPerBatch: number;
}

/** Defaults of {@link SponsorshipLimits} (`SPONSOR_CALLS_PER_ACCOUNT_PER_DAY`, `SPONSOR_CALLS_PER_DAY`). */
export const SPONSORSHIP_DEFAULTS: SponsorshipLimits = { perAccountPerDay: 20, perDay: 2_000, callsPerBatch: 4 };

/** The marque's contracts a sponsored batch may call. */
export interface SponsoredContracts {
  twin: Address;
  eventPass?: Address;
  profile?: Address;
}

/**
 * Methods the marque pays for, per contract: what an owner does (add-ons, badges, family, leaving
 * with the twin) and the account's own management. Nothing else: no approvals (a sponsored
 * approval would let anyone's contract move a twin), no other contract.
 */
const ALLOWED: Record<'twin' | 'eventPass' | 'profile' | 'account', { abi: Abi; methods: readonly string[] }> = {
  twin: { abi: marqueTwinAbi, methods: ['applyAddOn', 'removeAddOn', 'transferFrom', 'safeTransferFrom'] },
  eventPass: { abi: marqueEventPassAbi, methods: ['claimBadge'] },
  profile: { abi: marqueOwnerProfileAbi, methods: ['addFamilyMember', 'removeFamilyMember'] },
  account: { abi: marquePasskeyAccountAbi, methods: ['addPasskey', 'removePasskey', 'setRecoveryContact', 'cancelRecovery'] },
};

/**
 * The sponsor's rules: an allow-list of the marque's contracts and methods, and daily limits per
 * account and in all, counted in the database (every process shares them). A refusal names the rule
 * and, for a limit, when it resets (the next UTC midnight).
 */
export class Sponsorship {
  readonly limits: SponsorshipLimits;

  constructor(
    private readonly db: Database,
    private readonly contracts: SponsoredContracts,
    limits: Partial<SponsorshipLimits> = {},
  ) {
    this.limits = { ...SPONSORSHIP_DEFAULTS, ...limits };
  }

  /**
   * Checks every call of `account`'s batch against the allow-list.
   * @throws MarqueError 403 `not-sponsored` naming the call, its contract and method.
   */
  check(account: Address, calls: readonly AccountCall[]): void {
    if (calls.length === 0 || calls.length > this.limits.callsPerBatch) {
      throw new MarqueError('sponsorship', `a sponsored batch holds 1 to ${this.limits.callsPerBatch} calls, not ${calls.length}`, {
        status: 400,
        reason: 'batch-size',
      });
    }
    calls.forEach((call, index) => {
      const refuse = (what: string) =>
        new MarqueError('sponsorship', `call ${index} is not sponsored: ${what}`, {
          status: 403,
          reason: 'not-sponsored',
          details: `the marque pays only for ${describeAllowed()}`,
        });
      if (call.value !== 0n) throw refuse('it sends ETH');
      const kind = this.kindOf(account, call.target);
      if (!kind) throw refuse(`${getAddress(call.target)} is not one of the marque's contracts`);
      const { abi, methods } = ALLOWED[kind];
      let method: string;
      try {
        method = decodeFunctionData({ abi, data: call.data }).functionName;
      } catch {
        throw refuse(`its data is no method of ${kind}`);
      }
      if (!methods.includes(method)) throw refuse(`${kind}.${method} is not a sponsored method`);
    });
  }

  /**
   * Counts one batch of `account` for today, or refuses when a limit is reached.
   * @throws MarqueError 429 `account-daily-limit` or `sponsor-daily-limit` with `resetsAt`.
   */
  async consume(account: Address, now = new Date()): Promise<void> {
    const day = now.toISOString().slice(0, 10);
    const resetsAt = new Date(`${day}T00:00:00.000Z`);
    resetsAt.setUTCDate(resetsAt.getUTCDate() + 1);
    await this.db.transaction(async (tx) => {
      const count = async (who: string, limit: number) => {
        await tx.query('insert into sponsorship_usage (day, account, calls) values ($1, $2, 0) on conflict (day, account) do nothing', [day, who]);
        const [row] = await tx.query<{ calls: number }>(
          'update sponsorship_usage set calls = calls + 1 where day = $1 and account = $2 and calls < $3 returning calls',
          [day, who, limit],
        );
        return row !== undefined;
      };
      if (!(await count(account.toLowerCase(), this.limits.perAccountPerDay))) {
        throw new SponsorshipLimitError('account-daily-limit', `this account has used its ${this.limits.perAccountPerDay} sponsored transactions of the day`, resetsAt);
      }
      if (!(await count('*', this.limits.perDay))) {
        throw new SponsorshipLimitError('sponsor-daily-limit', `the marque has sponsored its ${this.limits.perDay} transactions of the day`, resetsAt);
      }
    });
  }

  /** How many batches `account` (or `'*'`, everyone) had sponsored on `now`'s UTC day. */
  async usage(account: Address | '*', now = new Date()): Promise<number> {
    const [row] = await this.db.query<{ calls: number }>('select calls from sponsorship_usage where day = $1 and account = $2', [
      now.toISOString().slice(0, 10),
      account === '*' ? '*' : account.toLowerCase(),
    ]);
    return row?.calls ?? 0;
  }

  private kindOf(account: Address, target: Address): keyof typeof ALLOWED | undefined {
    if (isAddressEqual(target, account)) return 'account';
    if (isAddressEqual(target, this.contracts.twin)) return 'twin';
    if (this.contracts.eventPass && isAddressEqual(target, this.contracts.eventPass)) return 'eventPass';
    if (this.contracts.profile && isAddressEqual(target, this.contracts.profile)) return 'profile';
    return undefined;
  }
}

/** A daily limit reached: 429, saying which and when it resets. */
export class SponsorshipLimitError extends MarqueError {
  override name = 'SponsorshipLimitError';
  constructor(
    reason: 'account-daily-limit' | 'sponsor-daily-limit',
    message: string,
    readonly resetsAt: Date,
  ) {
    super('sponsorship', `${message}; it resets at ${resetsAt.toISOString()}`, {
      status: 429,
      reason,
      details: `try again after ${resetsAt.toISOString()} (midnight UTC)`,
    });
  }
}

function describeAllowed(): string {
  return Object.entries(ALLOWED)
    .map(([kind, { methods }]) => `${kind} (${methods.join(', ')})`)
    .join('; ');
}
