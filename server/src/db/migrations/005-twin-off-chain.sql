-- What the twins' contracts keep only as hashes, and the owners' choices about their twins.

-- Ordered configurations: the catalogue codes (`{ "paint": "P-NOIR", … }`) under their hash,
-- keccak256 of the codes' canonical JSON, which is what MarqueTwin keeps. Content-addressed,
-- so the same on every chain and never wiped with a chain's index.
create table twin_configurations (
  configuration_hash text primary key,
  codes jsonb not null,
  created_at timestamptz not null default now()
);

-- Service records' off-chain details (summary, workshop, parts) under the record hash the
-- passport certifies: keccak256 of the details' canonical JSON. Written only once the record's
-- transaction succeeded; readable only by the car's current owner and dealers.
create table passport_record_details (
  record_hash text primary key,
  details jsonb not null,
  chain_id bigint,
  token_id numeric(78, 0),
  dealer text,
  transaction_hash text,
  created_at timestamptz not null default now()
);

-- Whether a twin's showcase page is public. `owner` is who decided: a decision holds only while
-- that wallet still owns the twin, so a sold car's showcase is private until its new owner says.
create table twin_showcases (
  chain_id bigint not null,
  token_id numeric(78, 0) not null,
  owner text not null,
  public boolean not null,
  updated_at timestamptz not null default now(),
  primary key (chain_id, token_id)
);
