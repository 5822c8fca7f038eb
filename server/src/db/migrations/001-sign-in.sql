-- Sign-In with Ethereum: nonces the server issued, each usable once.
create table siwe_nonces (
  nonce text primary key,
  issued_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

-- Wallets that have signed in; pseudonymous: no personal data.
create table accounts (
  address text primary key,
  first_seen timestamptz not null default now(),
  last_seen timestamptz not null default now(),
  sign_ins integer not null default 1
);
