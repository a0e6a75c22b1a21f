-- Version 19: a bounded history of each migration's progress (issue 50), for the web UI's charts:
-- the orchestrator samples, at its metrics interval, what GET /migrations/{id} shows of each active
-- migration (per table: records applied, apply lag, rejected rows, latest validation; per source:
-- the slot's WAL held back). A migration keeps at most tributary.orchestrator.history-samples
-- samples: past that, its older half is thinned to one sample in two, so the whole life stays
-- drawn, coarser the older it is. Deleting the migration deletes its history.
CREATE TABLE IF NOT EXISTS tributary.progress_samples (
  migration_id text NOT NULL REFERENCES tributary.migrations (id) ON DELETE CASCADE,
  sampled_at timestamptz NOT NULL,
  state text NOT NULL,
  tables jsonb NOT NULL,
  sources jsonb NOT NULL,
  PRIMARY KEY (migration_id, sampled_at));
