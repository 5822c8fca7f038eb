-- The brand's operations (server/src/operations/): the order desk, the factory, people and places,
-- passes, API keys, idempotent requests, the audit log and webhooks.

-- Integration API keys: `mk_<id>_<secret>`; only a hash of the secret is kept, the key is shown once.
create table api_keys (
  id text primary key,
  name text not null,
  scopes text[] not null,
  secret_hash text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_by text,
  last_used_at timestamptz
);

-- Writes by idempotency key, per caller (an API key or a wallet): the request's hash and, once it is
-- done, the answer, replayed to a retry of the same request.
create table idempotent_requests (
  caller text not null,
  idempotency_key text not null,
  request_hash text not null,
  status integer,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (caller, idempotency_key)
);

-- Orders confirmed at the order desk: the brand's order reference is unique (one twin per order).
create table orders (
  id bigserial primary key,
  order_ref text not null unique,
  model text not null,
  configuration_hash text not null,
  -- The wallet the twin is minted to (the passkey account of an owner invitation for `invite` orders).
  owner text not null,
  invitation_url text,
  -- minting → minted | failed (retryable).
  state text not null check (state in ('minting', 'minted', 'failed')),
  tx_job_id bigint not null references tx_jobs (id),
  token_id numeric(78, 0),
  error text,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- When each stage really happened, as the factory said (the chain records when it was written).
create table stage_dates (
  chain_id bigint not null,
  token_id numeric(78, 0) not null,
  stage integer not null,
  happened_at timestamptz not null,
  tx_job_id bigint not null references tx_jobs (id),
  recorded_by text not null,
  primary key (chain_id, token_id, stage)
);

-- Dealers and service centres: who an address on chain is, so passports and the lounge show names.
create table dealers (
  address text primary key,
  name text not null,
  city text not null,
  kind text not null check (kind in ('dealer', 'service-centre')),
  registered_by text not null,
  registered_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- Who did what, when, and the chain transaction of each write.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  subject text not null,
  details jsonb not null default '{}',
  tx_job_id bigint references tx_jobs (id)
);
create index audit_log_at on audit_log (at desc);

-- Webhook subscriptions: each delivery is signed with the subscription's secret.
create table webhook_subscriptions (
  id text primary key,
  url text not null,
  events text[] not null,
  secret text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- Each event for each subscription, with every attempt's answer.
create table webhook_deliveries (
  id bigserial primary key,
  subscription_id text not null references webhook_subscriptions (id),
  event_id text not null,
  event_type text not null,
  body text not null,
  -- pending (to be tried at next_attempt_at) → delivered | failed (gave up; replayable).
  state text not null check (state in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  responses jsonb not null default '[]',
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  unique (subscription_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where state = 'pending';
