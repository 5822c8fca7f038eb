-- Live launch events: what the brand team defines, the show's persisted state (so a restart
-- resumes at the current cue), bans, questions and their votes, and what the report is made
-- of (each attendee's visits, and reactions counted per minute).
create table launch_events (
  id text primary key,
  title text not null,
  starts_at timestamptz not null,
  access jsonb not null,
  capacity_per_instance integer not null check (capacity_per_instance > 0),
  embodied_limit integer not null check (embodied_limit > 0),
  hosts jsonb not null,
  car jsonb not null,
  video_url text not null,
  minimum_stay_seconds integer not null check (minimum_stay_seconds >= 0),
  chain_event_id text,
  show jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table launch_bans (
  event_id text not null references launch_events (id),
  subject text not null,
  -- removed: moved out by a host and kept out of this event; banned: the same, stated as a ban.
  kind text not null check (kind in ('removed', 'banned')),
  banned_by text not null,
  at timestamptz not null default now(),
  primary key (event_id, subject)
);

create table launch_questions (
  id serial primary key,
  event_id text not null references launch_events (id),
  subject text not null,
  name text not null,
  text text not null,
  at timestamptz not null default now(),
  answered boolean not null default false
);
create index launch_questions_event on launch_questions (event_id);

create table launch_votes (
  question_id integer not null references launch_questions (id),
  subject text not null,
  primary key (question_id, subject)
);

-- One row per visit: a join, and its leave once it happened (null while still there).
create table launch_visits (
  id text primary key,
  event_id text not null references launch_events (id),
  subject text not null,
  tier text not null check (tier in ('embodied', 'overflow')),
  joined_at timestamptz not null,
  left_at timestamptz
);
create index launch_visits_event on launch_visits (event_id, joined_at);

create table launch_reactions (
  event_id text not null references launch_events (id),
  minute timestamptz not null,
  count integer not null,
  primary key (event_id, minute)
);
