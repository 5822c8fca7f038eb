-- Honest attendance. Each visit names the person it belongs to (a wallet, else the device the page
-- runs on, else the session), so one person counts once however many tabs or streams they open,
-- and the server process that recorded it. Processes note when they were last alive, so a visit
-- left open by a killed process ends at its process's last sign of life instead of running on.
alter table launch_visits add column person text;
alter table launch_visits add column process_id text;

create table launch_processes (
  id text primary key,
  -- The address this process serves at (PUBLIC_ADDRESS, or host:port); a process started at the
  -- same one replaces it, so the visits it left open are closed at once.
  instance text,
  started_at timestamptz not null,
  seen_at timestamptz not null
);

create index launch_visits_open on launch_visits (event_id) where left_at is null;
create index launch_visits_subject on launch_visits (event_id, subject);

-- The on-chain event of a launch's badge, and the transaction that created it (to check the chain
-- still has it after a rollback). Launches that share an id had one lost to a chain rollback:
-- neither is trusted, each creates its own again at its next badge claim.
alter table launch_events add column chain_event_tx text;
update launch_events set chain_event_id = null
  where chain_event_id in (select chain_event_id from launch_events where chain_event_id is not null group by chain_event_id having count(*) > 1);
create unique index launch_events_chain_event on launch_events (chain_event_id) where chain_event_id is not null;
