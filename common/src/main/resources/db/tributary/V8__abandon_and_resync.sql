-- Version 8: abandoning a migration and resyncing one table (issue 25).
--
-- Abandon (DELETE /migrations/{id}) moves a migration to ABANDONED. cdc-service then stops its
-- capture and removes the sources' change capture (SQLite triggers and change log, PostgreSQL slot
-- and publication), recording when in sources.capture_removed_at (also after a cutover or a
-- failure, which end capture the same way). Once every source's capture is removed the orchestrator
-- deletes the migration's topics and the apply bookkeeping of those topics and records
-- migrations.cleaned_up_at; with dropTarget it drops the target schemas first
-- (migrations.abandon_drop_target). A migration id may be submitted again once it is cleaned up.
--
-- Resync (POST /migrations/{id}/tables/{t}/resync) records tables.resync_requested_at and clears
-- the table's snapshot_done_at: capture reads that table again as a new snapshot generation (apply
-- empties the target table first) while the source's other tables stream on; the table is
-- resynced when snapshot_done_at is set again.
ALTER TABLE tributary.sources
  ADD COLUMN IF NOT EXISTS capture_removed_at timestamptz;

ALTER TABLE tributary.migrations
  ADD COLUMN IF NOT EXISTS abandon_drop_target boolean,
  ADD COLUMN IF NOT EXISTS cleaned_up_at timestamptz,
  ADD COLUMN IF NOT EXISTS cleanup_error text;

ALTER TABLE tributary.tables
  ADD COLUMN IF NOT EXISTS resync_requested_at timestamptz,
  ADD COLUMN IF NOT EXISTS resync_requested_by text;
