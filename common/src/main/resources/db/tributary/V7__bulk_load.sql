-- Version 7: snapshots loaded by binary COPY into tables built without their key (DESIGN.md,
-- Apply). Provisioning creates a table whose snapshot apply may COPY without its primary key (or
-- identity UNIQUE constraint) and records bulk_load = true; apply builds the key once the table's
-- snapshot is in (duplicates that at-least-once delivery brought resolved first, the row written
-- last wins) and records key_built_at, in the same transaction. Until then the table takes only
-- snapshot rows; its first change builds the key first.
--
-- A table is loaded (its snapshot captured, applied and keyed) when
--   snapshot_done_at IS NOT NULL AND (NOT bulk_load OR key_built_at IS NOT NULL)
-- which is what moves a migration from SNAPSHOTTING to REPLICATING and what the validator waits
-- for before it compares the table by key ranges.
ALTER TABLE tributary.tables
  ADD COLUMN IF NOT EXISTS bulk_load boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS key_built_at timestamptz;
