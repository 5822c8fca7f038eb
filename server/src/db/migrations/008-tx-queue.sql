-- The one transaction queue (server/src/chain/tx-queue.ts): every chain write the server makes.
-- A job is recorded before anything is signed; its signed transaction (raw bytes and hash) is
-- recorded before it is broadcast, so a restart resends the very same bytes (or a re-priced
-- replacement with the same nonce) and never a second transaction for one job.
create table tx_jobs (
  id bigserial primary key,
  -- The caller's key: enqueueing the same key again returns this job.
  idempotency_key text not null unique,
  -- What it does, for people: `mint twin 12`, `passport record`.
  label text not null,
  chain_id bigint not null,
  sender text not null,
  target text not null,
  data text not null,
  value numeric(78, 0) not null default 0,
  -- queued → sent → mined | reverted; failed (refused before sending, or given up); queued again by retry.
  state text not null check (state in ('queued', 'sent', 'mined', 'reverted', 'failed')),
  nonce bigint,
  gas numeric(78, 0),
  -- Every signed transaction of this job, oldest first: { hash, raw, nonce, maxFeePerGas, maxPriorityFeePerGas, at }.
  attempts jsonb not null default '[]',
  transaction_hash text,
  block_number bigint,
  -- The mined block's hash: a chain that went back to an older state no longer has it there.
  block_hash text,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  mined_at timestamptz
);
create index tx_jobs_open on tx_jobs (chain_id, sender, state) where state in ('queued', 'sent');

-- One row per sending account, locked while a nonce is given out, so two processes never sign two
-- transactions with one nonce.
create table tx_senders (
  chain_id bigint not null,
  sender text not null,
  primary key (chain_id, sender)
);
