-- Validation in reverse during the fallback window (issue 26): validator-service compares, every
-- tributary.validator.reverse.interval and once more before a fallback's freeze, the rows the
-- window wrote back into the sources since the last comparison (tributary.reverse_changed_keys
-- with an lsn above the table's verified_lsn, up to the write-back's position) with the target's,
-- looked up by key. A table whose compared rows were all equal (a difference on a row the target
-- changed again since is left to the next round) moves its verified_lsn up to that position; a
-- fallback's gate, under the target's freeze, then compares only the rows written back after it.
CREATE TABLE IF NOT EXISTS tributary.reverse_verified (
  migration_id text NOT NULL REFERENCES tributary.migrations (id) ON DELETE CASCADE,
  source_name text NOT NULL,
  source_table text NOT NULL,
  verified_lsn pg_lsn NOT NULL,
  verified_at timestamptz NOT NULL DEFAULT now(),
  rows_compared bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (migration_id, source_name, source_table));

CREATE INDEX IF NOT EXISTS reverse_changed_keys_by_lsn
  ON tributary.reverse_changed_keys (migration_id, source_name, source_table, lsn);
