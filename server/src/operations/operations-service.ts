import { encodeFunctionData, getAddress, keccak256, parseEventLogs, stringToHex, zeroHash, type Address, type Hex, type PublicClient } from 'viem';
import { marqueEventPassAbi, marqueOwnerProfileAbi, marquePassportAbi, marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { TWIN_STAGES } from '../../../protocol/src/contracts/contract-types';
import { MarqueError } from '../../../protocol/src/errors';
import type { DealerInput, DealerView, JobView, OrderInput, OrderView, StaffView, StagesInput } from '../../../protocol/src/operations-api';
import type { InviteService } from '../auth/invites';
import type { TxJob, TxQueue } from '../chain/tx-queue';
import type { Database } from '../db/database';
import type { ChainIndexer } from '../indexer/chain-indexer';
import type { LaunchService } from '../launch/launch-service';
import { ADD_ONS } from '../../../assets/src/addons';
import { checkModelConfiguration, type ConfigurationStore } from '../twins/configurations';
import type { AuditLog } from './audit-log';
import type { Webhooks } from './webhooks';

/** The marque's contracts the operations write to. */
export interface OperationsContracts {
  twin: Address;
  passport?: Address;
  profile?: Address;
  eventPass?: Address;
}

/**
 * Makes an owner invitation for an order and answers the passkey account its twin is minted to
 * (server/src/accounts/owner-invitations.ts); absent where passkey accounts are not configured.
 */
export type OwnerInvitationMaker = (orderRef: string) => Promise<{ account: Address; url: string }>;

/** Options of {@link OperationsService}. */
export interface OperationsServiceOptions {
  db: Database;
  client: PublicClient;
  chainId: number;
  contracts: OperationsContracts;
  queue: TxQueue;
  configurations: ConfigurationStore;
  audit: AuditLog;
  webhooks: Webhooks;
  invites: InviteService;
  /** Origin visitors open: invitation links start with it. */
  publicUrl: string;
  launch?: LaunchService;
  indexer?: ChainIndexer;
  ownerInvitations?: OwnerInvitationMaker;
}

const role = (name: string): Hex => keccak256(stringToHex(name));
const ROLE_IDS = {
  admin: zeroHash,
  issuer: role('ISSUER_ROLE'),
  factory: role('FACTORY_ROLE'),
  dealer: role('DEALER_ROLE'),
  brandTeam: role('BRAND_TEAM_ROLE'),
};

interface OrderRow {
  id: string | number;
  order_ref: string;
  model: string;
  configuration_hash: string;
  owner: string;
  invitation_url: string | null;
  state: OrderView['state'];
  tx_job_id: string | number;
  token_id: string | null;
  error: string | null;
  created_by: string;
  created_at: Date | string;
  transaction_hash?: string | null;
}

/**
 * The brand's operations on the twin's life, for the staff console and the integration API alike:
 * the order desk (configuration checked against the catalogue, registered, the twin minted), the
 * factory (stages, in order, with the date each happened), people and places (profiles, dealers
 * with names and cities, the brand team), event passes. Every chain write is a job of the one
 * transaction queue, keyed so that nothing is done twice, and every action is in the audit log.
 */
export class OperationsService {
  private readonly following = new Map<number, Promise<void>>();
  private stopped = false;

  constructor(private readonly options: OperationsServiceOptions) {}

  /** Follows the orders a previous process left minting (the queue goes on sending their mints). */
  async start(): Promise<void> {
    const rows = await this.options.db.query<OrderRow>(`select * from orders where state = 'minting'`);
    for (const row of rows) this.follow(Number(row.id));
  }

  /**
   * Stops following orders, without waiting for their mints: they are in the queue, and the next
   * start follows the orders still minting (a follower that meets the closed database ends quietly).
   */
  stop(): void {
    this.stopped = true;
  }

  /** What a wallet may do in the console, read from the contracts' roles. */
  async staff(wallet: Address): Promise<StaffView> {
    const { client, contracts } = this.options;
    const has = (contract: Address | undefined, id: Hex) =>
      contract ? client.readContract({ address: contract, abi: marqueTwinAbi, functionName: 'hasRole', args: [id, wallet] }) : Promise.resolve(false);
    const [orders, stages, addOns, profileIssuer, passportAdmin, eventPassAdmin, brandTeam] = await Promise.all([
      has(contracts.twin, ROLE_IDS.issuer),
      has(contracts.twin, ROLE_IDS.factory),
      has(contracts.twin, ROLE_IDS.admin),
      has(contracts.profile, ROLE_IDS.issuer),
      has(contracts.passport, ROLE_IDS.admin),
      has(contracts.eventPass, ROLE_IDS.admin),
      has(contracts.eventPass, ROLE_IDS.brandTeam),
    ]);
    return { address: wallet, orders, stages, addOns, people: profileIssuer && passportAdmin && eventPassAdmin, brandTeam };
  }

  // ── Order desk ────────────────────────────────────────────────────────────────────────────────

  /**
   * Confirms an order: the model and codes checked against the line-up and the catalogue, the
   * configuration registered, the twin's mint queued to the owner's wallet (or an owner
   * invitation's passkey account). Answers at once with the order `minting`; it becomes `minted`
   * (with its token id, and a `twin.minted` webhook) or `failed` (retryable).
   * @throws MarqueError 400 `bad-configuration`, 409 `order-exists` (the order reference is already
   * confirmed: the answer's details name that order), 503 `invitations-unavailable`.
   */
  async confirmOrder(input: OrderInput, actor: string): Promise<OrderView> {
    checkModelConfiguration(input.model, input.configuration, 'operations');
    const existing = await this.orderByRef(input.orderRef);
    if (existing) {
      throw new MarqueError('operations', `order ${input.orderRef} is already confirmed (order ${existing.id}, ${existing.state}${existing.tokenId ? `, twin ${existing.tokenId}` : ''})`, {
        status: 409,
        reason: 'order-exists',
        details: 'one twin per order: look the order up with GET /api/ops/orders/:id, or retry it if it failed',
      });
    }
    let owner: Address;
    let invitationUrl: string | undefined;
    if (input.owner === 'invite') {
      if (!this.options.ownerInvitations) {
        throw new MarqueError('operations', 'owner invitations are not available yet on this server — give the owner\'s wallet address instead', {
          status: 503,
          reason: 'invitations-unavailable',
        });
      }
      const invitation = await this.options.ownerInvitations(input.orderRef);
      owner = invitation.account;
      invitationUrl = invitation.url;
    } else {
      owner = getAddress(input.owner);
    }
    const configurationHash = await this.options.configurations.record(input.configuration);
    // Keyed by the order: a crash before the order row is written finds the same job on retry.
    const job = await this.options.queue.enqueue({
      key: `order:${input.orderRef}:mint`,
      label: `mint twin for order ${input.orderRef}`,
      to: this.options.contracts.twin,
      data: encodeFunctionData({ abi: marqueTwinAbi, functionName: 'mint', args: [owner, input.model, configurationHash] }),
    });
    const row = await this.options.db.transaction(async (tx) => {
      const [inserted] = await tx.query<OrderRow>(
        `insert into orders (order_ref, model, configuration_hash, owner, invitation_url, state, tx_job_id, created_by)
         values ($1, $2, $3, $4, $5, 'minting', $6, $7) on conflict (order_ref) do nothing returning *`,
        [input.orderRef, input.model, configurationHash, owner, invitationUrl ?? null, job.id, actor],
      );
      if (inserted) {
        await this.options.audit.record(
          { actor, action: 'order.confirmed', subject: `order ${input.orderRef}`, details: { model: input.model, configuration: input.configuration, owner }, jobId: job.id },
          tx,
        );
      }
      return inserted;
    });
    if (!row) {
      const raced = await this.orderByRef(input.orderRef);
      throw new MarqueError('operations', `order ${input.orderRef} is already confirmed (order ${raced?.id})`, { status: 409, reason: 'order-exists' });
    }
    this.follow(Number(row.id));
    return toOrderView(row);
  }

  /** An order by id. @throws MarqueError 404. */
  async order(id: number): Promise<OrderView> {
    const [row] = await this.options.db.query<OrderRow>(
      'select o.*, j.transaction_hash from orders o join tx_jobs j on j.id = o.tx_job_id where o.id = $1',
      [id],
    );
    if (!row) throw new MarqueError('operations', `no order ${id}`, { status: 404, reason: 'unknown-order' });
    return toOrderView(row);
  }

  async orderByRef(orderRef: string): Promise<OrderView | undefined> {
    const [row] = await this.options.db.query<OrderRow>(
      'select o.*, j.transaction_hash from orders o join tx_jobs j on j.id = o.tx_job_id where o.order_ref = $1',
      [orderRef],
    );
    return row ? toOrderView(row) : undefined;
  }

  /** Orders, newest first. */
  async orders(options: { limit?: number; state?: OrderView['state'] } = {}): Promise<OrderView[]> {
    const rows = await this.options.db.query<OrderRow>(
      `select o.*, j.transaction_hash from orders o join tx_jobs j on j.id = o.tx_job_id
       where ($1::text is null or o.state = $1) order by o.id desc limit $2`,
      [options.state ?? null, Math.min(options.limit ?? 100, 500)],
    );
    return rows.map(toOrderView);
  }

  /**
   * Retries a failed order's mint (its configuration stays registered).
   * @throws MarqueError 404, 409 `not-retryable` for an order that is not failed.
   */
  async retryOrder(id: number, actor: string): Promise<OrderView> {
    const order = await this.order(id);
    if (order.state !== 'failed') throw new MarqueError('operations', `order ${order.orderRef} is ${order.state}: only a failed order is retried`, { status: 409, reason: 'not-retryable' });
    await this.options.queue.retry(order.jobId);
    await this.options.db.query(`update orders set state = 'minting', error = null, updated_at = now() where id = $1`, [id]);
    await this.options.audit.record({ actor, action: 'order.retried', subject: `order ${order.orderRef}`, jobId: order.jobId });
    this.follow(id);
    return this.order(id);
  }

  /** Waits until order `id` is minted or failed (tests, benchmarks, `?wait` requests). */
  async settled(id: number): Promise<OrderView> {
    await this.following.get(id);
    return this.order(id);
  }

  /** Follows an order's mint to its end: minted (token id, indexed, webhook) or failed with the queue's reason. */
  private follow(id: number): void {
    if (this.following.has(id) || this.stopped) return;
    const work = (async () => {
      const [row] = await this.options.db.query<OrderRow>('select * from orders where id = $1', [id]);
      if (!row) return;
      try {
        const { receipt } = await this.options.queue.waitForMined(Number(row.tx_job_id), 24 * 3600_000);
        const [minted] = parseEventLogs({ abi: marqueTwinAbi, logs: receipt.logs, eventName: 'TwinMinted' });
        if (!minted) throw new MarqueError('operations', `the mint's transaction ${receipt.transactionHash} minted no twin`, { status: 502, reason: 'tx-failed' });
        await this.options.indexer?.waitForBlock(receipt.blockNumber, 60_000).catch(() => {});
        await this.options.db.query(`update orders set state = 'minted', token_id = $2, error = null, updated_at = now() where id = $1`, [id, minted.args.tokenId.toString()]);
        await this.options.webhooks.emit('twin.minted', `twin.minted:${this.options.chainId}:${minted.args.tokenId}`, {
          orderRef: row.order_ref,
          tokenId: minted.args.tokenId.toString(),
          owner: minted.args.owner,
          model: minted.args.model,
          configurationHash: minted.args.configurationHash,
          transactionHash: receipt.transactionHash,
          blockNumber: receipt.blockNumber.toString(),
        });
      } catch (error) {
        if (this.stopped) return;
        const reason = error instanceof MarqueError ? error.shortMessage : (error as Error).message;
        await this.options.db.query(`update orders set state = 'failed', error = $2, updated_at = now() where id = $1`, [id, reason]);
      }
    })().finally(() => this.following.delete(id));
    this.following.set(id, work);
  }

  // ── Factory ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Moves twins to their next stage, each with the date it happened. Every change is checked
   * before any is queued (nothing partial): the twin exists, the stage is exactly the next one,
   * the date is not in the future.
   * @throws MarqueError 404 `unknown-twin`, 400 `stage-skipped`, 409 `stage-backwards`, 400 `bad-date`.
   */
  async setStages(input: StagesInput, actor: string): Promise<{ tokenId: string; stage: string; job: JobView }[]> {
    const { client, contracts, chainId } = this.options;
    const seen = new Set<string>();
    const checked: { tokenId: bigint; stage: number; happenedAt: Date }[] = [];
    for (const change of input.changes) {
      const tokenId = BigInt(change.tokenId);
      if (seen.has(change.tokenId)) {
        throw new MarqueError('operations', `twin ${change.tokenId} is named twice; send one change per twin at a time`, { status: 400, reason: 'bad-request' });
      }
      seen.add(change.tokenId);
      const happenedAt = new Date(change.happenedAt);
      if (happenedAt.getTime() > Date.now() + 60_000) {
        throw new MarqueError('operations', `the date of twin ${change.tokenId}'s ${change.stage} (${change.happenedAt}) is in the future`, { status: 400, reason: 'bad-date' });
      }
      let current: number;
      try {
        current = Number(await client.readContract({ address: contracts.twin, abi: marqueTwinAbi, functionName: 'stageOf', args: [tokenId] }));
      } catch {
        throw new MarqueError('operations', `there is no twin ${change.tokenId}`, { status: 404, reason: 'unknown-twin' });
      }
      const requested = TWIN_STAGES.indexOf(change.stage as (typeof TWIN_STAGES)[number]);
      if (requested <= current) {
        throw new MarqueError('operations', `twin ${change.tokenId} is already at ${TWIN_STAGES[current]}: a stage never moves back (${change.stage} asked)`, {
          status: 409,
          reason: 'stage-backwards',
          details: current + 1 < TWIN_STAGES.length ? `its next stage is ${TWIN_STAGES[current + 1]}` : 'it is delivered',
        });
      }
      if (requested > current + 1) {
        throw new MarqueError('operations', `twin ${change.tokenId} is at ${TWIN_STAGES[current]}: its next stage is ${TWIN_STAGES[current + 1]}, not ${change.stage} (stages are not skipped)`, {
          status: 400,
          reason: 'stage-skipped',
        });
      }
      checked.push({ tokenId, stage: requested, happenedAt });
    }
    const results = [];
    for (const change of checked) {
      const stageName = TWIN_STAGES[change.stage]!;
      const job = await this.options.queue.enqueue({
        key: `stage:${chainId}:${change.tokenId}:${change.stage}`,
        label: `twin ${change.tokenId} to ${stageName}`,
        to: contracts.twin,
        data: encodeFunctionData({ abi: marqueTwinAbi, functionName: 'advanceStage', args: [change.tokenId, change.stage] }),
      });
      await this.options.db.transaction(async (tx) => {
        await tx.query(
          `insert into stage_dates (chain_id, token_id, stage, happened_at, tx_job_id, recorded_by) values ($1, $2, $3, $4, $5, $6)
           on conflict (chain_id, token_id, stage) do update set happened_at = excluded.happened_at, tx_job_id = excluded.tx_job_id, recorded_by = excluded.recorded_by`,
          [chainId, change.tokenId.toString(), change.stage, change.happenedAt, job.id, actor],
        );
        await this.options.audit.record(
          { actor, action: 'stage.set', subject: `twin ${change.tokenId}`, details: { stage: stageName, happenedAt: change.happenedAt.toISOString() }, jobId: job.id },
          tx,
        );
      });
      results.push({ tokenId: change.tokenId.toString(), stage: stageName, job: jobView(job) });
    }
    return results;
  }

  /** When each stage of twin `tokenId` happened, as the factory said (stages set outside the console have none). */
  async stageDates(tokenId: bigint): Promise<{ stage: string; happenedAt: string; jobId: number }[]> {
    const rows = await this.options.db.query<{ stage: number; happened_at: Date | string; tx_job_id: string | number }>(
      'select stage, happened_at, tx_job_id from stage_dates where chain_id = $1 and token_id = $2 order by stage',
      [this.options.chainId, tokenId.toString()],
    );
    return rows.map((r) => ({ stage: TWIN_STAGES[r.stage]!, happenedAt: new Date(r.happened_at).toISOString(), jobId: Number(r.tx_job_id) }));
  }

  // ── Add-ons ───────────────────────────────────────────────────────────────────────────────────

  /** The add-on catalogue (assets/addons.json) with what each sets on a car, which cars it fits, and whether MarqueTwin approves it now. */
  async addOns(): Promise<{ code: string; name: string; description: string; sets: Record<string, string>; models: string[]; approved: boolean }[]> {
    const { client, contracts } = this.options;
    return Promise.all(
      ADD_ONS.map(async (addOn) => ({
        code: addOn.code,
        name: addOn.name,
        description: addOn.description,
        sets: addOn.sets as Record<string, string>,
        models: addOn.models,
        approved: await client.readContract({ address: contracts.twin, abi: marqueTwinAbi, functionName: 'isAddOnApproved', args: [addOn.id] }),
      })),
    );
  }

  /**
   * Approves a catalogue add-on on MarqueTwin (owners may then apply it) or withdraws it (no new
   * applications; cars that have it keep it).
   * @throws MarqueError 404 `unknown-add-on` for a code outside assets/addons.json.
   */
  async setAddOn(code: string, approve: boolean, actor: string): Promise<JobView> {
    const addOn = ADD_ONS.find((a) => a.code === code);
    if (!addOn) {
      throw new MarqueError('operations', `"${code}" is not an add-on of assets/addons.json (${ADD_ONS.map((a) => a.code).join(', ')})`, { status: 404, reason: 'unknown-add-on' });
    }
    const job = await this.options.queue.enqueue({
      key: `addon:${this.options.chainId}:${code}:${approve ? 'approve' : 'withdraw'}:${Date.now()}`,
      label: `${approve ? 'approve' : 'withdraw'} add-on ${code}`,
      to: this.options.contracts.twin,
      data: encodeFunctionData({ abi: marqueTwinAbi, functionName: approve ? 'approveAddOn' : 'withdrawAddOn', args: [addOn.id] }),
    });
    await this.options.audit.record({ actor, action: approve ? 'add-on.approved' : 'add-on.withdrawn', subject: code, jobId: job.id });
    return jobView(job);
  }

  // ── People and places ─────────────────────────────────────────────────────────────────────────

  /**
   * Registers a dealer or service centre with its name and city (shown in passports and the lounge
   * instead of its address) and grants it MarquePassport's dealer role.
   */
  async registerDealer(input: DealerInput, actor: string): Promise<{ dealer: DealerView; job: JobView }> {
    const passport = this.require(this.options.contracts.passport, 'MarquePassport');
    const address = getAddress(input.address);
    const [row] = await this.options.db.query<DealerRow>(
      `insert into dealers (address, name, city, kind, registered_by) values ($1, $2, $3, $4, $5)
       on conflict (address) do update set name = excluded.name, city = excluded.city, kind = excluded.kind, registered_by = excluded.registered_by,
       registered_at = now(), revoked_at = null returning *`,
      [address.toLowerCase(), input.name, input.city, input.kind, actor],
    );
    const job = await this.roleJob(passport, ROLE_IDS.dealer, 'dealer', address, true, Date.parse(String(row!.registered_at)));
    await this.options.audit.record({ actor, action: 'dealer.registered', subject: address, details: { name: input.name, city: input.city, kind: input.kind }, jobId: job.id });
    return { dealer: toDealerView(row!), job: jobView(job) };
  }

  /**
   * Lists a dealer whose role is already on chain (the local seed's), unless it is listed already:
   * what staff changed since is kept, and nothing is sent to the chain.
   */
  async listSeededDealer(input: DealerInput): Promise<void> {
    await this.options.db.query(
      `insert into dealers (address, name, city, kind, registered_by) values ($1, $2, $3, $4, 'seed') on conflict (address) do nothing`,
      [getAddress(input.address).toLowerCase(), input.name, input.city, input.kind],
    );
  }

  /** Revokes a dealer: its role on chain is revoked, its name stays for the records it signed. */
  async revokeDealer(addressInput: string, actor: string): Promise<{ dealer: DealerView; job: JobView }> {
    const passport = this.require(this.options.contracts.passport, 'MarquePassport');
    const address = getAddress(addressInput);
    const [row] = await this.options.db.query<DealerRow>('update dealers set revoked_at = now() where address = $1 and revoked_at is null returning *', [address.toLowerCase()]);
    if (!row) throw new MarqueError('operations', `${address} is not a registered dealer`, { status: 404, reason: 'unknown-dealer' });
    const job = await this.roleJob(passport, ROLE_IDS.dealer, 'dealer', address, false, Date.parse(String(row.revoked_at)));
    await this.options.audit.record({ actor, action: 'dealer.revoked', subject: address, jobId: job.id });
    return { dealer: toDealerView(row), job: jobView(job) };
  }

  /** Registered dealers and service centres, by name. */
  async dealers(): Promise<DealerView[]> {
    return (await this.options.db.query<DealerRow>('select * from dealers order by name')).map(toDealerView);
  }

  /** Names of the given dealers' addresses (lower-case keys), for passports and the lounge. */
  async dealerNames(addresses: readonly string[]): Promise<Map<string, { name: string; city: string }>> {
    if (addresses.length === 0) return new Map();
    const rows = await this.options.db.query<DealerRow>('select * from dealers where address = any($1::text[])', [addresses.map((a) => a.toLowerCase())]);
    return new Map(rows.map((r) => [r.address, { name: r.name, city: r.city }]));
  }

  /** Issues an owner profile (MarqueOwnerProfile, soulbound) to a wallet. */
  async issueProfile(addressInput: string, actor: string): Promise<JobView> {
    const profile = this.require(this.options.contracts.profile, 'MarqueOwnerProfile');
    const address = getAddress(addressInput);
    const job = await this.options.queue.enqueue({
      key: `profile:${this.options.chainId}:${address.toLowerCase()}`,
      label: `owner profile for ${address}`,
      to: profile,
      data: encodeFunctionData({ abi: marqueOwnerProfileAbi, functionName: 'mint', args: [address] }),
    });
    await this.options.audit.record({ actor, action: 'profile.issued', subject: address, jobId: job.id });
    return jobView(job);
  }

  /** Grants or revokes the brand team's role (MarqueEventPass BRAND_TEAM_ROLE). */
  async setBrandTeam(addressInput: string, member: boolean, actor: string): Promise<JobView> {
    const eventPass = this.require(this.options.contracts.eventPass, 'MarqueEventPass');
    const address = getAddress(addressInput);
    const job = await this.roleJob(eventPass, ROLE_IDS.brandTeam, 'brand team', address, member, Date.now());
    await this.options.audit.record({ actor, action: member ? 'brand-team.granted' : 'brand-team.revoked', subject: address, jobId: job.id });
    return jobView(job);
  }

  // ── Event passes ──────────────────────────────────────────────────────────────────────────────

  /**
   * Access passes for a launch: minted to wallets (MarqueEventPass, one transaction), and invitation
   * codes (one use each) for people without one.
   */
  async issuePasses(
    input: { launchId: string; wallets: string[]; invitations: number; validHours: number },
    actor: string,
    issuer: Address,
  ): Promise<{ job?: JobView; invitations: { code: string; url: string; expiresAt: string }[] }> {
    const launch = this.options.launch;
    if (!launch) throw new MarqueError('operations', 'launches are not configured on this server', { status: 503, reason: 'passes-unavailable' });
    await launch.store.require(input.launchId);
    let job: TxJob | undefined;
    if (input.wallets.length > 0) {
      const eventPass = this.require(this.options.contracts.eventPass, 'MarqueEventPass');
      const chainEventId = await launch.badges.chainEventFor(input.launchId);
      const wallets = [...new Set(input.wallets.map((w) => getAddress(w)))];
      job = await this.options.queue.enqueue({
        key: `passes:${this.options.chainId}:${chainEventId}:${keccak256(stringToHex(wallets.join(',')))}`,
        label: `${wallets.length} access pass${wallets.length === 1 ? '' : 'es'} for launch ${input.launchId}`,
        to: eventPass,
        data: encodeFunctionData({ abi: marqueEventPassAbi, functionName: 'mintAccessPasses', args: [chainEventId, wallets] }),
      });
    }
    const invitations = [];
    for (let i = 0; i < input.invitations; i++) {
      const invite = await this.options.invites.issue({ scope: `event:${input.launchId}`, maxUses: 1, validHours: input.validHours, note: `pass issued by ${actor}` }, issuer);
      const url = new URL(this.options.publicUrl);
      url.searchParams.set('invite', invite.code);
      url.searchParams.set('event', input.launchId);
      invitations.push({ code: invite.code, url: url.href, expiresAt: invite.expiresAt.toISOString() });
    }
    await this.options.audit.record({
      actor,
      action: 'passes.issued',
      subject: `launch ${input.launchId}`,
      details: { wallets: input.wallets.length, invitations: input.invitations },
      jobId: job?.id,
    });
    return { ...(job ? { job: jobView(job) } : {}), invitations };
  }

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────────

  private roleJob(contract: Address, roleId: Hex, roleName: string, account: Address, grant: boolean, at: number): Promise<TxJob> {
    return this.options.queue.enqueue({
      key: `role:${this.options.chainId}:${contract.toLowerCase()}:${roleName}:${account.toLowerCase()}:${grant ? 'grant' : 'revoke'}:${at}`,
      label: `${grant ? 'grant' : 'revoke'} ${roleName} role ${grant ? 'to' : 'of'} ${account}`,
      to: contract,
      data: encodeFunctionData({ abi: marquePassportAbi, functionName: grant ? 'grantRole' : 'revokeRole', args: [roleId, account] }),
    });
  }

  private require(address: Address | undefined, name: string): Address {
    if (!address) throw new MarqueError('operations', `${name} is not configured on this server`, { status: 503, reason: 'contract-unavailable' });
    return address;
  }
}

interface DealerRow {
  address: string;
  name: string;
  city: string;
  kind: DealerView['kind'];
  registered_at: Date | string;
  revoked_at: Date | string | null;
}

function toDealerView(row: DealerRow): DealerView {
  return {
    address: getAddress(row.address),
    name: row.name,
    city: row.city,
    kind: row.kind,
    registeredAt: new Date(row.registered_at).toISOString(),
    ...(row.revoked_at ? { revokedAt: new Date(row.revoked_at).toISOString() } : {}),
  };
}

function toOrderView(row: OrderRow): OrderView {
  return {
    id: Number(row.id),
    orderRef: row.order_ref,
    model: row.model,
    configurationHash: row.configuration_hash,
    owner: row.owner,
    ...(row.invitation_url ? { invitationUrl: row.invitation_url } : {}),
    state: row.state,
    ...(row.token_id ? { tokenId: String(row.token_id) } : {}),
    ...(row.transaction_hash ? { transactionHash: row.transaction_hash } : {}),
    jobId: Number(row.tx_job_id),
    ...(row.error ? { error: row.error } : {}),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A queue job as the API answers it. */
export function jobView(job: TxJob): JobView {
  return {
    id: job.id,
    label: job.label,
    state: job.state,
    ...(job.nonce !== undefined ? { nonce: job.nonce } : {}),
    attempts: job.attempts.length,
    ...(job.transactionHash ? { transactionHash: job.transactionHash } : {}),
    ...(job.blockNumber !== undefined ? { blockNumber: job.blockNumber.toString() } : {}),
    ...(job.error ? { error: job.error } : {}),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}
