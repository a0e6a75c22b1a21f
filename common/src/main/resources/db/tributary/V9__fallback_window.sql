-- Version 9: the fallback window after a cutover (issue 26).
--
-- A cutover whose plan keeps a fallback window (cutover.fallback, 24h by default) creates, before
-- its switch, a publication of the migration's target tables and a logical replication slot on the
-- target (fallback_windows.slot_name, publication_name). switch_lsn is the target's WAL position
-- when the switch began: everything before it was written by apply, everything after it by the
-- applications. From CUT_OVER on, cdc-service reads that slot and writes each change back into
-- its source (SQLite file or PostgreSQL database), recording how far it got (applied_lsn,
-- applied_fence: the last fence the orchestrator wrote into the target's WAL and that was written
-- back with everything before it), the keys it wrote (reverse_changed_keys, which a fallback
-- verifies) and every change that could not go back, with the reason (reverse_rejects).
--
-- A fallback (POST /migrations/{id}/fallback) is a cutover in the other direction, journalled in
-- tributary.cutovers with direction 'fallback'. Before it switches the applications back it asks
-- cdc-service to install the sources' change capture again (sources.capture_resume_requested_at;
-- done: capture_resumed_at), so their first writes are captured; capture then streams them from
-- there without a new snapshot. A finish (or the window's end) drops the slot and the publication:
-- closed_at. switched_from keeps what the switch actions replaced (a PgBouncer database entry, an
-- env file's text), which a fallback's switch back restores.
CREATE TABLE IF NOT EXISTS tributary.fallback_windows (
  migration_id text PRIMARY KEY REFERENCES tributary.migrations (id) ON DELETE CASCADE,
  cutover_id bigint,
  slot_name text NOT NULL,
  publication_name text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  switch_lsn pg_lsn,
  switched_from jsonb,
  window_ends_at timestamptz,
  applied_lsn pg_lsn,
  applied_at timestamptz,
  applied_changes bigint NOT NULL DEFAULT 0,
  applied_fence bigint,
  lag_bytes bigint,
  error text,
  error_at timestamptz,
  closed_at timestamptz,
  closed_reason text);

CREATE TABLE IF NOT EXISTS tributary.reverse_rejects (
  id bigserial PRIMARY KEY,
  migration_id text NOT NULL REFERENCES tributary.migrations (id) ON DELETE CASCADE,
  source_name text NOT NULL,
  source_table text NOT NULL,
  lsn pg_lsn NOT NULL,
  op text NOT NULL,
  row_key text NOT NULL,
  row_data text,
  reason text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (migration_id, source_name, source_table, lsn, row_key));

CREATE TABLE IF NOT EXISTS tributary.reverse_changed_keys (
  migration_id text NOT NULL REFERENCES tributary.migrations (id) ON DELETE CASCADE,
  source_name text NOT NULL,
  source_table text NOT NULL,
  row_key text NOT NULL,
  lsn pg_lsn NOT NULL,
  PRIMARY KEY (migration_id, source_name, source_table, row_key));

ALTER TABLE tributary.sources
  ADD COLUMN IF NOT EXISTS capture_resume_requested_at timestamptz,
  ADD COLUMN IF NOT EXISTS capture_resumed_at timestamptz,
  ADD COLUMN IF NOT EXISTS capture_resume_error text;

ALTER TABLE tributary.cutovers
  ADD COLUMN IF NOT EXISTS direction text NOT NULL DEFAULT 'cutover';
