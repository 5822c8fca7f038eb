-- The notification centre (server/src/notifications/): notifications per person (a wallet address,
-- lowercase), their preferences, their browsers' Web Push subscriptions, the outbox of deliveries
-- (push and email) with retries, and the server's VAPID key pair.

-- One row per notification; (subject, dedupe_key) makes notify() idempotent (an indexer event heard
-- twice, a caller's retry).
create table notifications (
  id bigserial primary key,
  subject text not null,
  kind text not null,
  dedupe_key text not null,
  title text not null,
  body text not null,
  link text,
  payload jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (subject, dedupe_key)
);
create index notifications_by_subject on notifications (subject, id desc);
create index notifications_unread on notifications (subject) where read_at is null;

-- What a person turned off: `off` maps a kind to the channels turned off (`{"stage": ["email"]}`).
create table notification_preferences (
  subject text primary key,
  email text,
  off jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now()
);

-- A browser's push subscription; the endpoint is unique (a browser re-subscribing moves it).
create table push_subscriptions (
  id bigserial primary key,
  subject text not null,
  endpoint text not null unique,
  p256dh text not null,
  auth text not null,
  created_at timestamptz not null default now()
);
create index push_subscriptions_by_subject on push_subscriptions (subject);

-- The outbox: one delivery per notification, channel and target. `delivery_key` is the idempotency
-- key (the push message's topic and tag, the mail's Message-ID, the local outbox's file name).
-- pending → sending (leased until `lease_until`) → delivered | failed | dropped.
create table notification_deliveries (
  id bigserial primary key,
  notification_id bigint not null references notifications (id) on delete cascade,
  subject text not null,
  channel text not null check (channel in ('push', 'email')),
  target text not null,
  delivery_key text not null unique,
  state text not null default 'pending' check (state in ('pending', 'sending', 'delivered', 'failed', 'dropped')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index notification_deliveries_due on notification_deliveries (next_attempt_at) where state in ('pending', 'sending');

-- The server's VAPID key pair, made once (VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY replace it); shared by
-- every process on one database.
create table vapid_keys (
  id integer primary key check (id = 1),
  public_key text not null,
  private_key text not null,
  created_at timestamptz not null default now()
);
