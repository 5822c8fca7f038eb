-- The owner's profile off chain, consent, and the brand's analytics (server/src/profile, privacy,
-- analytics). Everything here is erased by the person's "erase" (server/src/privacy).

-- What a signed-in person agreed to, per purpose; revocable at any time (a withdrawn purpose is
-- false, never a deleted row, so "not asked yet" and "said no" differ). `address` lowercase.
create table consents (
  address text primary key,
  personalisation boolean not null default false,
  analytics boolean not null default false,
  dealer_contact boolean not null default false,
  updated_at timestamptz not null default now()
);

-- The profile's preferences, kept only while personalisation is agreed to: language, VR comfort,
-- interests and how the person likes to be contacted (JSON checked by protocol/src/privacy-api.ts).
create table profile_preferences (
  address text primary key,
  language text,
  comfort jsonb not null default '{}',
  interests jsonb not null default '{}',
  contact jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

-- Analytics events from people who agreed to analytics only. `person` is a keyed hash (HMAC with
-- the salt below) of the wallet or device, never the address itself; the salt never leaves the server.
create table analytics_events (
  id bigserial primary key,
  person text not null,
  kind text not null,
  zone text,
  -- What it is about: a car id, a launch id, a build's model.
  subject text,
  -- A number that goes with the kind: seconds of dwell, a 0–10 score.
  value double precision,
  -- Free text, only for the satisfaction question's comment (bounded by the API).
  comment text,
  at timestamptz not null default now()
);
create index analytics_events_kind on analytics_events (kind, at);
create index analytics_events_person on analytics_events (person);

-- The salt of analytics' person hashes: one row, made at first start, kept server-side.
create table analytics_salt (
  id smallint primary key check (id = 1),
  salt text not null,
  created_at timestamptz not null default now()
);
