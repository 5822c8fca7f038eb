-- The owner's journey beyond the garage (server/src/journey/): passport verification links for a
-- prospective buyer, and service appointments between owners and registered dealers.

-- Verification links: only a hash of the secret is kept (the link is shown once). A link works
-- while it has not expired or been revoked and `owner`, who made it, still owns the twin: a sale
-- ends the seller's links.
create table passport_links (
  id bigserial primary key,
  token_hash text not null unique,
  chain_id bigint not null,
  token_id numeric(78, 0) not null,
  owner text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  opened integer not null default 0
);
create index passport_links_owner on passport_links (owner, chain_id, token_id);

-- Service appointments: an owner's request to a registered dealer, for one twin. `slot` is the
-- confirmed time, or the one the dealer proposed; `preferred_times` a JSON array of ISO times.
create table appointments (
  id bigserial primary key,
  chain_id bigint not null,
  token_id numeric(78, 0) not null,
  owner text not null,
  dealer text not null references dealers (address),
  reason text not null check (reason in ('service', 'repair', 'inspection', 'add-on')),
  preferred_times jsonb not null,
  note text not null default '',
  state text not null check (state in ('requested', 'proposed', 'confirmed', 'cancelled')),
  slot timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index appointments_owner on appointments (owner);
create index appointments_dealer on appointments (dealer, state);
-- One car per slot and dealer: a time proposed or confirmed is held; a second booking of it fails here.
create unique index appointments_slot on appointments (dealer, slot) where state in ('proposed', 'confirmed');

-- Each step of an appointment, by whom, for both parties to read.
create table appointment_events (
  id bigserial primary key,
  appointment_id bigint not null references appointments (id) on delete cascade,
  at timestamptz not null default now(),
  actor text not null check (actor in ('owner', 'dealer')),
  action text not null check (action in ('requested', 'confirmed', 'proposed', 'accepted', 'cancelled')),
  slot timestamptz,
  note text
);
create index appointment_events_appointment on appointment_events (appointment_id, id);
