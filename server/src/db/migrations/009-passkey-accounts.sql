-- Passkey accounts (server/src/accounts): owners' smart accounts controlled by passkeys, the
-- passkeys the server knows for them, single-use challenges, owner invitations and the daily
-- sponsorship counts. No personal data: an account is an address, an invitation names an order
-- reference and a hash of its secret.
create table passkey_accounts (
  account text primary key,
  -- 'passkey': the address comes from the first passkey's key; 'invitation': from account_id.
  kind text not null check (kind in ('passkey', 'invitation')),
  account_id text,
  -- The first passkey, which the factory deploys the account with, and the inviter's binding.
  qx text not null,
  qy text not null,
  binding text,
  created_at timestamptz not null default now()
);

create table passkey_credentials (
  credential_id text primary key,
  account text not null references passkey_accounts (account),
  qx text not null,
  qy text not null,
  counter bigint not null default 0,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index passkey_credentials_account on passkey_credentials (account);

create table passkey_challenges (
  challenge text primary key,
  purpose text not null,
  account text,
  expires_at timestamptz not null,
  used_at timestamptz
);

create table owner_invitations (
  id text primary key,
  order_ref text not null,
  account_id text not null,
  account text not null,
  secret_hash text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  accepted_at timestamptz,
  credential_id text
);
create index owner_invitations_order on owner_invitations (order_ref);

create table sponsorship_usage (
  day date not null,
  -- An account's address, or '*' for the sponsor's total of the day.
  account text not null,
  calls integer not null default 0,
  primary key (day, account)
);
