import type { Database } from '../db/database';
import { modelInfo } from '../twins/twin-views';
import type { NotificationKind } from '../../../protocol/src/notifications-api';
import type { NotifyPayload, NotifyResult } from './notification-center';

/** When a car's service is due: a year, or 15,000 km, after its last service (or its delivery). */
export interface ServicePolicy {
  intervalDays: number;
  intervalKm: number;
}

export const SERVICE_POLICY_DEFAULTS: ServicePolicy = { intervalDays: 365, intervalKm: 15_000 };

/** What the check needs of one delivered car. */
export interface ServiceFacts {
  deliveredAt: Date;
  /** The last record of kind service (0), if any. */
  lastService?: { index: number; at: Date; mileage: number };
  /** The highest mileage any record shows. */
  latestMileage?: number;
}

/** Whether the car's service is due, and why; `since` names what the interval counts from (part of the notification's key). */
export function serviceDue(facts: ServiceFacts, now: Date, policy: ServicePolicy = SERVICE_POLICY_DEFAULTS): { reason: 'date' | 'mileage'; since: string } | undefined {
  const since = facts.lastService ? `record-${facts.lastService.index}` : 'delivery';
  const from = facts.lastService?.at ?? facts.deliveredAt;
  const baseMileage = facts.lastService?.mileage ?? 0;
  if (facts.latestMileage !== undefined && facts.latestMileage - baseMileage >= policy.intervalKm) return { reason: 'mileage', since };
  if (now.getTime() - from.getTime() >= policy.intervalDays * 86_400_000) return { reason: 'date', since };
  return undefined;
}

type Notify = (subject: string, kind: NotificationKind, payload: NotifyPayload) => Promise<NotifyResult | undefined>;

/**
 * Looks at every delivered car of the chain index (hourly by default) and tells its owner when
 * its service is due by date or mileage, once per interval (the key names the last service).
 */
export async function checkServiceDue(db: Database, chainId: number, notify: Notify, now = new Date(), policy = SERVICE_POLICY_DEFAULTS): Promise<number> {
  const rows = await db.query<{
    token_id: string;
    owner: string;
    model: string | null;
    delivered_at: Date | string;
    service_index: number | null;
    service_at: Date | string | null;
    service_mileage: string | null;
    latest_mileage: string | null;
  }>(
    `select t.token_id::text as token_id, t.owner, t.model, s.block_time as delivered_at,
       ls.record_index as service_index, ls.block_time as service_at, ls.mileage::text as service_mileage,
       (select max(mileage) from passport_records p where p.chain_id = t.chain_id and p.token_id = t.token_id)::text as latest_mileage
     from twins t
     join twin_stages s on s.chain_id = t.chain_id and s.token_id = t.token_id and s.stage = 5
     left join lateral (select record_index, block_time, mileage from passport_records p
       where p.chain_id = t.chain_id and p.token_id = t.token_id and p.kind = 0 order by record_index desc limit 1) ls on true
     where t.chain_id = $1 and t.owner <> '0x0000000000000000000000000000000000000000'`,
    [chainId],
  );
  let told = 0;
  for (const row of rows) {
    const due = serviceDue(
      {
        deliveredAt: new Date(row.delivered_at),
        ...(row.service_index !== null ? { lastService: { index: row.service_index, at: new Date(row.service_at!), mileage: Number(row.service_mileage) } } : {}),
        ...(row.latest_mileage !== null ? { latestMileage: Number(row.latest_mileage) } : {}),
      },
      now,
      policy,
    );
    if (!due) continue;
    const name = row.model ? modelInfo(row.model).name : `car #${row.token_id}`;
    const result = await notify(row.owner, 'service-due', {
      key: `service-due:${row.token_id}:${due.since}`,
      title: `Your ${name} is due for its service`,
      body:
        due.reason === 'mileage'
          ? `It has covered ${policy.intervalKm.toLocaleString('en')} km since its ${due.since === 'delivery' ? 'delivery' : 'last service'}. Request an appointment in the service lounge.`
          : `It is a year since its ${due.since === 'delivery' ? 'delivery' : 'last service'}. Request an appointment in the service lounge.`,
      link: '/?zone=lounge',
      data: { tokenId: row.token_id, reason: due.reason, since: due.since, intervalKm: policy.intervalKm, modelName: name },
    });
    if (result?.created) told++;
  }
  return told;
}
