-- Invitations for guests who hold no crypto (VIPs): signed codes, each with a scope (a zone or
-- an event), an expiry and a number of uses; the code itself is a signed token, this row counts.
create table invites (
  id text primary key,
  scope text not null,
  max_uses integer not null check (max_uses > 0),
  uses integer not null default 0 check (uses >= 0),
  expires_at timestamptz not null,
  issued_by text not null,
  note text not null default '',
  created_at timestamptz not null default now()
);
