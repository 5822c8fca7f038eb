import { ADD_ONS } from '../../../assets/src/addons';
import type { NotificationKind } from '../../../protocol/src/notifications-api';
import type { Database } from '../db/database';
import { PollLoop } from '../db/poll-loop';
import type { TransferEvent } from '../indexer/indexer-events';
import { modelInfo } from '../twins/twin-views';
import type { NotifyPayload, NotifyResult } from './notification-center';

type Notify = (subject: string, kind: NotificationKind, payload: NotifyPayload) => Promise<NotifyResult | undefined>;

const ZERO = '0x0000000000000000000000000000000000000000';

/**
 * An invitation to a launch: an access pass (ERC-1155 id 2e) minted to a wallet for launch `e`
 * whose event is still to come (or under way) tells the holder, once per event. Passes minted
 * long ago, read again by the indexer, are not news.
 */
export async function tellLaunchInvitation(db: Database, transfer: TransferEvent, notify: Notify, now = new Date()): Promise<boolean> {
  if (transfer.contract !== 'eventPass' || transfer.from.toLowerCase() !== ZERO || transfer.tokenId % 2n !== 0n || transfer.to.toLowerCase() === ZERO) return false;
  const chainEventId = (transfer.tokenId / 2n).toString();
  const [event] = await db.query<{ id: string; title: string; starts_at: Date | string }>('select id, title, starts_at from launch_events where chain_event_id = $1', [chainEventId]);
  if (!event || new Date(event.starts_at).getTime() < now.getTime() - 6 * 3_600_000) return false;
  const starts = new Date(event.starts_at).toUTCString().replace(/:00 GMT$/, ' UTC');
  const result = await notify(transfer.to, 'launch-invitation', {
    key: `launch-invitation:${event.id}`,
    title: `You are invited: ${event.title}`,
    body: `Your pass is in your wallet. Doors open before ${starts}.`,
    link: `/?event=${encodeURIComponent(event.id)}`,
    data: { eventId: event.id, startsAt: new Date(event.starts_at).toISOString(), eventTitle: event.title },
  });
  return result?.created ?? false;
}

/** Options of {@link AddOnNews}. */
export interface AddOnNewsOptions {
  db: Database;
  notify: Notify;
  /** Chain whose index names the owners. */
  chainId: () => number;
  pollIntervalMs?: number;
  /** Approvals this recent are looked at at start (notify's keys make a repeat harmless). */
  lookBackMs?: number;
  log?: (line: string) => void;
}

/**
 * New add-ons: when the brand approves an add-on in the operations console (the audit log's
 * `add-on.approved`) and its transaction is mined, every owner of a car it fits is told, once per
 * approval.
 */
export class AddOnNews {
  private readonly told = new Set<string>();
  private readonly loop: PollLoop;
  private readonly pollIntervalMs: number;
  private readonly lookBackMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: AddOnNewsOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.lookBackMs = options.lookBackMs ?? 2 * 86_400_000;
    this.log = options.log ?? ((line) => console.warn(line));
    this.loop = new PollLoop({ pass: () => this.poll(), pollIntervalMs: this.pollIntervalMs, unit: 'notifications/add-ons', log: this.log });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One look: tells the owners of every mined approval not told yet; answers how many people were told. */
  async poll(): Promise<number> {
    const approvals = await this.options.db.query<{ id: string | number; subject: string }>(
      `select a.id, a.subject from audit_log a join tx_jobs j on j.id = a.tx_job_id
       where a.action = 'add-on.approved' and j.state = 'mined' and a.at > now() - ($1 || ' milliseconds')::interval order by a.id`,
      [String(this.lookBackMs)],
    );
    let told = 0;
    for (const approval of approvals) {
      const key = String(approval.id);
      if (this.told.has(key)) continue;
      const addOn = ADD_ONS.find((a) => a.code === approval.subject);
      if (addOn && addOn.models.length > 0) {
        const owners = await this.options.db.query<{ owner: string; token_id: string; model: string }>(
          `select owner, token_id::text as token_id, model from twins where chain_id = $1 and model = any($2::text[]) and owner <> $3 order by token_id`,
          [this.options.chainId(), addOn.models, ZERO],
        );
        for (const owner of owners) {
          const result = await this.options.notify(owner.owner, 'add-on', {
            key: `add-on:${approval.id}:${owner.token_id}`,
            title: `New for your ${modelInfo(owner.model).name}: ${addOn.name}`,
            body: addOn.description,
            link: '/?zone=garage',
            data: { code: addOn.code, tokenId: owner.token_id, modelName: modelInfo(owner.model).name, addOnName: addOn.name },
          });
          if (result?.created) told++;
        }
      }
      this.told.add(key);
    }
    return told;
  }
}
