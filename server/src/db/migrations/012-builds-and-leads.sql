-- The public configurator: builds a visitor saved (no account), and the requests that send one
-- to a dealer with a way to contact the visitor and the consent they gave.

-- A saved build: the model and its catalogue codes under a short random id (the share link's).
-- Anyone with the id may read it; it holds nothing about the person who saved it.
create table builds (
  id text primary key,
  model text not null,
  codes jsonb not null,
  created_at timestamptz not null default now()
);

-- A build sent to a dealer: personal data (a name, an e-mail address or phone), kept only with
-- the consent shown beside it (its exact words and when it was given). Erased on request: by the
-- visitor with the erase token the request answered with (only its hash is kept), or, when it
-- was sent signed in, through the privacy page by `wallet`.
create table build_leads (
  id text primary key,
  build_id text not null references builds (id),
  dealer text not null,
  name text not null,
  email text,
  phone text,
  message text,
  wallet text,
  erase_token_hash text not null,
  consent_text text not null,
  consented_at timestamptz not null,
  created_at timestamptz not null default now(),
  check (email is not null or phone is not null)
);
create index build_leads_dealer on build_leads (dealer, created_at desc);
create index build_leads_wallet on build_leads (wallet) where wallet is not null;
