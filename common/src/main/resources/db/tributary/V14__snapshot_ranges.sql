-- Version 14: the checkpoints of a PostgreSQL source's parallel snapshot read (DESIGN.md, Capture:
-- "a CTID block range for a PostgreSQL source read in the slot's exported snapshot, several in
-- parallel"). Capture records a block range of a table once Kafka acknowledged every chunk of it;
-- a capture restarted in the same snapshot generation skips the ranges recorded and numbers its
-- next chunks after the totals recorded. A new generation forgets the ranges of earlier ones.
CREATE TABLE IF NOT EXISTS tributary.snapshot_ranges (
  migration_id text NOT NULL,
  source_name text NOT NULL,
  generation bigint NOT NULL,
  topic text NOT NULL,          -- the table's topic
  range_label text NOT NULL,    -- the range as capture prints it (first and last block)
  chunks bigint NOT NULL,       -- the table's chunks sent when the range was done (every range's)
  rows_sent bigint NOT NULL,    -- the rows in them
  rejects bigint NOT NULL,      -- the rows refused in them
  done_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (migration_id, source_name, generation, topic, range_label),
  FOREIGN KEY (migration_id, source_name)
    REFERENCES tributary.sources (migration_id, name) ON DELETE CASCADE);
