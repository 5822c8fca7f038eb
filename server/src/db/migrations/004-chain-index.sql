-- The chain index: what server/src/indexer mirrors from the marque's contracts. Every row is
-- keyed by the chain it came from, so a reset chain is wiped and re-read without touching others.
-- Addresses and hashes are lowercase 0x-hex; token ids are uint256, hence numeric(78).

-- Where the indexer is on each chain: the last block it applied, with that block's hash, so a
-- changed hash (a reset chain, a reorg) is noticed. `contracts` names the indexed contracts and
-- their deployment blocks; an index made for other contracts is wiped and rebuilt.
create table chain_cursors (
  chain_id bigint primary key,
  contracts text not null,
  block_number bigint,
  block_hash text,
  updated_at timestamptz not null default now()
);

-- Every log applied, once: a batch read again (after a crash, or by a second server process)
-- skips the logs already here instead of applying them twice.
create table chain_logs (
  chain_id bigint not null,
  block_hash text not null,
  log_index integer not null,
  block_number bigint not null,
  transaction_hash text not null,
  contract text not null,
  event text not null,
  primary key (chain_id, block_hash, log_index)
);
create index chain_logs_block on chain_logs (chain_id, block_number);

-- MarqueTwin: one row per twin; `stage` 0 Ordered … 5 Delivered; `add_ons` in ascending order,
-- as the contract keeps them.
create table twins (
  chain_id bigint not null,
  token_id numeric(78, 0) not null,
  owner text not null,
  model text,
  configuration_hash text,
  current_configuration_hash text,
  add_ons text[] not null default '{}',
  stage smallint not null default 0,
  version_major smallint not null default 1,
  version_minor smallint not null default 0,
  minted_block bigint not null,
  minted_at timestamptz not null,
  primary key (chain_id, token_id)
);
create index twins_owner on twins (chain_id, owner);

-- Each stage a twin reached, Ordered (at mint) included, with the block that recorded it.
create table twin_stages (
  chain_id bigint not null,
  token_id numeric(78, 0) not null,
  stage smallint not null,
  block_number bigint not null,
  block_time timestamptz not null,
  transaction_hash text not null,
  primary key (chain_id, token_id, stage)
);

-- MarquePassport: the service history of each car, keyed by twin id.
create table passport_records (
  chain_id bigint not null,
  token_id numeric(78, 0) not null,
  record_index integer not null,
  dealer text not null,
  kind smallint not null,
  mileage bigint not null,
  record_hash text not null,
  block_number bigint not null,
  block_time timestamptz not null,
  transaction_hash text not null,
  primary key (chain_id, token_id, record_index)
);

-- MarqueOwnerProfile: live profiles (burned family tokens are deleted); `primary_id` is null
-- for a primary profile and the primary's id for a family member's.
create table owner_profiles (
  chain_id bigint not null,
  profile_id numeric(78, 0) not null,
  holder text not null,
  primary_id numeric(78, 0),
  minted_block bigint not null,
  primary key (chain_id, profile_id)
);
create index owner_profiles_holder on owner_profiles (chain_id, holder);

-- MarqueEventPass: balances other than zero, by holder and token id (2e access pass, 2e + 1
-- badge). No check on the sign: an index started after a mint must not stall on its transfer.
create table event_pass_balances (
  chain_id bigint not null,
  holder text not null,
  token_id numeric(78, 0) not null,
  amount numeric(78, 0) not null,
  primary key (chain_id, holder, token_id)
);

-- MarqueEventPass: the events created, with the stay that earns their badge.
create table event_pass_events (
  chain_id bigint not null,
  event_id numeric(78, 0) not null,
  minimum_stay_seconds bigint not null,
  created_block bigint not null,
  created_at timestamptz not null,
  primary key (chain_id, event_id)
);
