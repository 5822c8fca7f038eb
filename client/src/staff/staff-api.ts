import type {
  ApiKeyView,
  AuditEntry,
  DealerInput,
  DealerView,
  DeliveryView,
  JobView,
  OrderInput,
  OrderView,
  StaffView,
  WebhookEventType,
  WebhookView,
} from '../../../protocol/src/operations-api';
import { request } from '../net/api';

/** A twin's stages as the operations API answers them. */
export interface TwinStages {
  tokenId: string;
  owner: string;
  model: string;
  stage: string;
  next: string | null;
  stages: { stage: string; at: string; transactionHash: string; happenedAt?: string }[];
}

/**
 * The operations API as the staff console calls it, with the signed-in wallet's session. Every write
 * carries a fresh Idempotency-Key made when the person acts, so a double click or a retried request
 * never does the work twice. Refusals are {@link ApiError}s with the server's words.
 */
export class StaffApi {
  constructor(
    private readonly token: string,
    private readonly newKey: () => string = () => crypto.randomUUID(),
  ) {}

  private get<T>(path: string): Promise<T> {
    return request<T>(path, { token: this.token });
  }

  private write<T>(path: string, body: unknown = {}): Promise<T> {
    return request<T>(path, { token: this.token, method: 'POST', body, headers: { 'idempotency-key': this.newKey() } });
  }

  me = () => this.get<StaffView & { kind: 'wallet' }>('/api/ops/me');
  orders = () => this.get<OrderView[]>('/api/ops/orders');
  confirmOrder = (order: OrderInput) => this.write<OrderView>('/api/ops/orders', order);
  retryOrder = (id: number) => this.write<OrderView>(`/api/ops/orders/${id}/retry`);
  twinStages = (tokenId: string) => this.get<TwinStages>(`/api/ops/twins/${encodeURIComponent(tokenId)}/stages`);

  /**
   * Moves each twin to its next stage with `happenedAt`: each twin's next stage is read first, so
   * the person names the twins, not the stages.
   */
  async advance(tokenIds: string[], happenedAt: string): Promise<{ tokenId: string; stage: string; job: JobView }[]> {
    const stages = await Promise.all(tokenIds.map((id) => this.twinStages(id)));
    const changes = stages.map((twin) => {
      if (!twin.next) throw new Error(`operations: twin ${twin.tokenId} is delivered; it has no next stage`);
      return { tokenId: twin.tokenId, stage: twin.next, happenedAt };
    });
    return this.write('/api/ops/stages', { changes });
  }

  addOns = () => this.get<{ code: string; name: string; description: string; sets: Record<string, string>; models: string[]; approved: boolean }[]>('/api/ops/addons');
  setAddOn = (code: string, approve: boolean) => this.write<JobView>(`/api/ops/addons/${encodeURIComponent(code)}/${approve ? 'approve' : 'withdraw'}`);
  dealers = () => this.get<DealerView[]>('/api/dealers');
  registerDealer = (dealer: DealerInput) => this.write<{ dealer: DealerView; job: JobView }>('/api/ops/dealers', dealer);
  revokeDealer = (address: string) => this.write(`/api/ops/dealers/${address}/revoke`);
  issueProfile = (address: string) => this.write<JobView>('/api/ops/profiles', { address });
  grantBrandTeam = (address: string) => this.write<JobView>('/api/ops/brand-team', { address });
  revokeBrandTeam = (address: string) => this.write<JobView>(`/api/ops/brand-team/${address}/revoke`);
  issuePasses = (launchId: string, wallets: string[], invitations: number) =>
    this.write<{ job?: JobView; invitations: { code: string; url: string; expiresAt: string }[] }>('/api/ops/passes', { launchId, wallets, invitations });
  jobs = () => this.get<{ counts: Record<string, number>; jobs: JobView[] }>('/api/ops/jobs');
  retryJob = (id: number) => this.write<JobView>(`/api/ops/jobs/${id}/retry`);
  audit = () => this.get<AuditEntry[]>('/api/ops/audit');
  keys = () => this.get<ApiKeyView[]>('/api/ops/keys');
  createKey = (name: string, scopes: string[]) => this.write<ApiKeyView & { key: string }>('/api/ops/keys', { name, scopes });
  revokeKey = (id: string) => this.write<ApiKeyView>(`/api/ops/keys/${id}/revoke`);
  webhooks = () => this.get<WebhookView[]>('/api/ops/webhooks');
  subscribe = (url: string, events: WebhookEventType[]) => this.write<WebhookView & { secret: string }>('/api/ops/webhooks', { url, events });
  deliveries = () => this.get<DeliveryView[]>('/api/ops/deliveries');
  replay = (id: number) => this.write<DeliveryView>(`/api/ops/deliveries/${id}/replay`);
}

/** Twin ids typed by a person: `12, 13 14` → `['12', '13', '14']`; throws naming what is not an id. */
export function parseTokenIds(text: string): string[] {
  const ids = text.split(/[\s,;]+/).filter(Boolean);
  const bad = ids.filter((id) => !/^[0-9]{1,78}$/.test(id));
  if (bad.length > 0) throw new Error(`operations: ${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a twin number' : 'are not twin numbers'}`);
  if (ids.length === 0) throw new Error('operations: name at least one twin number');
  return [...new Set(ids)];
}
