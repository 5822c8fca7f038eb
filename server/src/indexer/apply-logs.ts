import { getAddress, zeroAddress, type Address } from 'viem';
import { TWIN_STAGES } from '../../../protocol/src/contracts/contract-types';
import type { Queryable } from '../db/database';
import type { BlockLog } from './indexed-events';
import type { PendingEvent, TwinStageName } from './indexer-events';

/** The tables the index fills, each keyed by `chain_id`; a reset deletes a chain's rows from all. */
export const INDEX_TABLES = [
  'chain_logs',
  'twins',
  'twin_stages',
  'passport_records',
  'owner_profiles',
  'event_pass_balances',
  'event_pass_events',
] as const;

/**
 * Applies `logs` (in chain order) to the index inside the caller's transaction and returns the
 * in-process events they stand for. A log already in `chain_logs` (same block hash and log index)
 * changes nothing, so a range read twice is applied once; its events are returned all the same.
 */
export async function applyLogs(tx: Queryable, chainId: number, logs: readonly BlockLog[]): Promise<PendingEvent[]> {
  const events: PendingEvent[] = [];
  for (const entry of logs) {
    const { log } = entry;
    const fresh = await tx.query(
      `insert into chain_logs (chain_id, block_hash, log_index, block_number, transaction_hash, contract, event)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing returning 1 as inserted`,
      [chainId, log.blockHash, log.logIndex, log.blockNumber.toString(), log.transactionHash, entry.contract, log.eventName],
    );
    await applyLog(tx, chainId, entry, fresh.length > 0, events);
  }
  return events;
}

async function applyLog(tx: Queryable, chainId: number, entry: BlockLog, fresh: boolean, events: PendingEvent[]) {
  const { contract, log, blockTime } = entry;
  const position = { blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.logIndex };
  const at = blockTime.toISOString();
  const block = log.blockNumber.toString();
  const q = (sql: string, params: unknown[]) => (fresh ? tx.query(sql, [chainId, ...params]) : Promise.resolve([]));

  switch (log.eventName) {
    case 'Transfer': {
      const { from, to, tokenId } = log.args;
      if (contract === 'twin') {
        // Twins are never burned; a mint's Transfer comes before its TwinMinted, which fills the rest.
        await q(
          `insert into twins (chain_id, token_id, owner, minted_block, minted_at) values ($1, $2, $3, $4, $5)
           on conflict (chain_id, token_id) do update set owner = excluded.owner`,
          [tokenId.toString(), lower(to), block, at],
        );
      } else if (contract === 'profile') {
        if (to === zeroAddress) {
          await q('delete from owner_profiles where chain_id = $1 and profile_id = $2', [tokenId.toString()]);
        } else {
          await q(
            `insert into owner_profiles (chain_id, profile_id, holder, minted_block) values ($1, $2, $3, $4)
             on conflict (chain_id, profile_id) do update set holder = excluded.holder`,
            [tokenId.toString(), lower(to), block],
          );
        }
      } else {
        return;
      }
      events.push({ name: 'transfer', event: { contract, from: getAddress(from), to: getAddress(to), tokenId, amount: 1n, ...position } });
      return;
    }
    case 'TwinMinted': {
      const { tokenId, owner, model, configurationHash } = log.args;
      await q(
        `insert into twins (chain_id, token_id, owner, model, configuration_hash, current_configuration_hash, minted_block, minted_at)
         values ($1, $2, $3, $4, $5, $5, $6, $7)
         on conflict (chain_id, token_id) do update set model = excluded.model,
           configuration_hash = excluded.configuration_hash, current_configuration_hash = excluded.current_configuration_hash,
           minted_block = excluded.minted_block, minted_at = excluded.minted_at`,
        [tokenId.toString(), lower(owner), model, lower(configurationHash), block, at],
      );
      // The history starts with the order itself, which no StageAdvanced records.
      await q(
        `insert into twin_stages (chain_id, token_id, stage, block_number, block_time, transaction_hash)
         values ($1, $2, 0, $3, $4, $5) on conflict do nothing`,
        [tokenId.toString(), block, at, log.transactionHash],
      );
      return;
    }
    case 'StageAdvanced': {
      const { tokenId, stage, timestamp } = log.args;
      await q('update twins set stage = $3 where chain_id = $1 and token_id = $2', [tokenId.toString(), stage]);
      await q(
        `insert into twin_stages (chain_id, token_id, stage, block_number, block_time, transaction_hash)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
        [tokenId.toString(), stage, block, new Date(Number(timestamp) * 1000).toISOString(), log.transactionHash],
      );
      events.push({ name: 'stage', event: { tokenId, stage, stageName: stageName(stage), ...position } });
      return;
    }
    case 'VersionUpdated': {
      const { tokenId, major, minor } = log.args;
      await q('update twins set version_major = $3, version_minor = $4 where chain_id = $1 and token_id = $2', [
        tokenId.toString(),
        major,
        minor,
      ]);
      return;
    }
    case 'AddOnApplied':
    case 'AddOnRemoved': {
      const { tokenId, addOn, currentConfigurationHash } = log.args;
      // Kept sorted, as the contract keeps them; lowercase hex sorts as the bytes do.
      const addOns =
        log.eventName === 'AddOnApplied'
          ? `(select coalesce(array_agg(a order by a collate "C"), '{}') from unnest(array_append(array_remove(add_ons, $3::text), $3::text)) a)`
          : 'array_remove(add_ons, $3::text)';
      await q(
        `update twins set add_ons = ${addOns}, current_configuration_hash = $4 where chain_id = $1 and token_id = $2`,
        [tokenId.toString(), lower(addOn), lower(currentConfigurationHash)],
      );
      return;
    }
    case 'ServiceRecorded': {
      const { tokenId, index, dealer, kind, mileage, recordHash } = log.args;
      await q(
        `insert into passport_records (chain_id, token_id, record_index, dealer, kind, mileage, record_hash, block_number, block_time, transaction_hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing`,
        [tokenId.toString(), index.toString(), lower(dealer), kind, mileage, lower(recordHash), block, at, log.transactionHash],
      );
      events.push({
        name: 'record',
        event: { tokenId, index: Number(index), dealer: getAddress(dealer), kind, mileage, recordHash: recordHash, ...position },
      });
      return;
    }
    case 'FamilyMemberAdded': {
      const { primaryId, profileId } = log.args;
      await q('update owner_profiles set primary_id = $3 where chain_id = $1 and profile_id = $2', [
        profileId.toString(),
        primaryId.toString(),
      ]);
      return;
    }
    case 'ProfileMinted':
    case 'FamilyMemberRemoved':
      // The Transfer beside each (the mint before it, the burn before it) already did the work.
      return;
    case 'TransferSingle':
    case 'TransferBatch': {
      const { from, to } = log.args;
      const moves =
        log.eventName === 'TransferSingle'
          ? [{ id: log.args.id, value: log.args.value }]
          : log.args.ids.map((id, i) => ({ id, value: log.args.values[i] ?? 0n }));
      for (const { id, value } of moves) {
        if (from !== zeroAddress) await addBalance(q, from, id, -value);
        if (to !== zeroAddress) await addBalance(q, to, id, value);
        events.push({
          name: 'transfer',
          event: { contract: 'eventPass', from: getAddress(from), to: getAddress(to), tokenId: id, amount: value, ...position },
        });
      }
      return;
    }
    case 'EventCreated': {
      const { eventId, minimumStaySeconds } = log.args;
      await q(
        `insert into event_pass_events (chain_id, event_id, minimum_stay_seconds, created_block, created_at)
         values ($1, $2, $3, $4, $5) on conflict do nothing`,
        [eventId.toString(), minimumStaySeconds, block, at],
      );
      return;
    }
    case 'MinimumStayUpdated': {
      const { eventId, minimumStaySeconds } = log.args;
      await q('update event_pass_events set minimum_stay_seconds = $3 where chain_id = $1 and event_id = $2', [
        eventId.toString(),
        minimumStaySeconds,
      ]);
      return;
    }
  }
}

async function addBalance(
  q: (sql: string, params: unknown[]) => Promise<unknown[]>,
  holder: Address,
  id: bigint,
  delta: bigint,
): Promise<void> {
  await q(
    `insert into event_pass_balances (chain_id, holder, token_id, amount) values ($1, $2, $3, $4)
     on conflict (chain_id, holder, token_id) do update set amount = event_pass_balances.amount + excluded.amount`,
    [lower(holder), id.toString(), delta.toString()],
  );
  await q('delete from event_pass_balances where chain_id = $1 and holder = $2 and token_id = $3 and amount = 0', [
    lower(holder),
    id.toString(),
  ]);
}

/** The name of stage number `stage`; an unknown number (a newer contract) reads as its number. */
export function stageName(stage: number): TwinStageName {
  return TWIN_STAGES[stage] ?? (String(stage) as TwinStageName);
}

function lower<T extends string>(value: T): T {
  return value.toLowerCase() as T;
}
