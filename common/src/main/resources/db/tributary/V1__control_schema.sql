-- Version 1 of Tributary's control schema (schema "tributary" in the target database): the
-- schema as the services created it before migrations were versioned (their version 6). Every
-- statement is idempotent, so on a database made by an older Tributary (tables present, no
-- migration history; adopted at baseline 0) it brings the tables to this shape without touching
-- their rows. tributary.schema_version keeps "6" for tools of that time.
--
-- Never edit a migration that has shipped: add V<n+1>__<what>.sql and raise
-- ControlSchema.REQUIRED_VERSION, and list it in migrations.txt (ControlSchemaMigrationsTest checks).

CREATE SCHEMA IF NOT EXISTS tributary;

CREATE TABLE IF NOT EXISTS tributary.schema_version (
  version integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now());

CREATE TABLE IF NOT EXISTS tributary.migrations (
  id text PRIMARY KEY,
  plan_text text NOT NULL,
  plan jsonb NOT NULL,
  state text NOT NULL,
  state_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now());

CREATE TABLE IF NOT EXISTS tributary.sources (
  migration_id text NOT NULL REFERENCES tributary.migrations (id) ON DELETE CASCADE,
  name text NOT NULL,
  kind text NOT NULL,
  location text NOT NULL,
  target_schema text NOT NULL,
  PRIMARY KEY (migration_id, name));

CREATE TABLE IF NOT EXISTS tributary.tables (
  migration_id text NOT NULL,
  source_name text NOT NULL,
  source_schema text NOT NULL,
  source_table text NOT NULL,
  target_schema text NOT NULL,
  target_table text NOT NULL,
  topic text NOT NULL UNIQUE,
  definition jsonb NOT NULL,
  snapshot_rows bigint,
  snapshot_done_at timestamptz,
  PRIMARY KEY (migration_id, source_name, source_schema, source_table),
  FOREIGN KEY (migration_id, source_name)
    REFERENCES tributary.sources (migration_id, name) ON DELETE CASCADE);

CREATE TABLE IF NOT EXISTS tributary.apply_offsets (
  consumer_group text NOT NULL,
  topic text NOT NULL,
  kafka_partition integer NOT NULL,
  next_offset bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, kafka_partition));

CREATE TABLE IF NOT EXISTS tributary.events (
  id bigserial PRIMARY KEY,
  migration_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  from_state text,
  to_state text NOT NULL,
  actor text NOT NULL,
  reason text);

CREATE INDEX IF NOT EXISTS events_migration ON tributary.events (migration_id, id);

CREATE TABLE IF NOT EXISTS tributary.validations (
  id bigserial PRIMARY KEY,
  migration_id text NOT NULL,
  source_name text NOT NULL,
  source_table text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  mode text NOT NULL,
  status text NOT NULL,
  source_rows bigint,
  target_rows bigint,
  rejected_rows bigint,
  source_checksum text,
  target_checksum text,
  detail text);

CREATE INDEX IF NOT EXISTS validations_latest
  ON tributary.validations (migration_id, source_name, source_table, id DESC);

CREATE TABLE IF NOT EXISTS tributary.rejects (
  id bigserial PRIMARY KEY,
  migration_id text NOT NULL,
  source_name text NOT NULL,
  source_table text NOT NULL,
  topic text NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset bigint NOT NULL,
  source_pos bigint,
  row_key text,
  row_data text,
  reason text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (topic, kafka_partition, kafka_offset));

ALTER TABLE tributary.sources
  ADD COLUMN IF NOT EXISTS capture_lag_bytes bigint,
  ADD COLUMN IF NOT EXISTS capture_retained_bytes bigint,
  ADD COLUMN IF NOT EXISTS capture_checked_at timestamptz;

ALTER TABLE tributary.tables
  ADD COLUMN IF NOT EXISTS source_replica_identity text;

CREATE TABLE IF NOT EXISTS tributary.fences (
  id bigserial PRIMARY KEY,
  migration_id text NOT NULL,
  source_name text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  written_at timestamptz,
  source_position text,
  published_at timestamptz,
  offsets jsonb,
  error text,
  FOREIGN KEY (migration_id, source_name)
    REFERENCES tributary.sources (migration_id, name) ON DELETE CASCADE);

ALTER TABLE tributary.sources
  ADD COLUMN IF NOT EXISTS snapshot_generation bigint NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS tributary.apply_generations (
  topic text PRIMARY KEY,
  generation bigint NOT NULL,
  reset_at timestamptz);

CREATE TABLE IF NOT EXISTS tributary.finalize_steps (
  migration_id text NOT NULL REFERENCES tributary.migrations (id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL,
  target_table text NOT NULL,
  statement text NOT NULL,
  violations text,
  state text NOT NULL DEFAULT 'pending',
  detail text,
  duration_ms bigint,
  done_at timestamptz,
  PRIMARY KEY (migration_id, position));

CREATE TABLE IF NOT EXISTS tributary.replays (
  id bigserial PRIMARY KEY,
  migration_id text NOT NULL,
  source_name text NOT NULL,
  source_table text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  replayed_rows bigint,
  skipped_rows bigint,
  error text,
  FOREIGN KEY (migration_id, source_name)
    REFERENCES tributary.sources (migration_id, name) ON DELETE CASCADE);

ALTER TABLE tributary.rejects
  ADD COLUMN IF NOT EXISTS replayed_at timestamptz,
  ADD COLUMN IF NOT EXISTS replay_id bigint;

CREATE TABLE IF NOT EXISTS tributary.validation_requests (
  id bigserial PRIMARY KEY,
  migration_id text NOT NULL REFERENCES tributary.migrations (id) ON DELETE CASCADE,
  mode text NOT NULL CHECK (mode IN ('deep', 'final')),
  source_name text,
  source_table text,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  done_at timestamptz,
  status text,
  tables_total integer,
  tables_done integer,
  error text);

CREATE INDEX IF NOT EXISTS validation_requests_open
  ON tributary.validation_requests (id) WHERE done_at IS NULL;

ALTER TABLE tributary.validations
  ADD COLUMN IF NOT EXISTS request_id bigint,
  ADD COLUMN IF NOT EXISTS compared_rows bigint,
  ADD COLUMN IF NOT EXISTS missing_rows bigint,
  ADD COLUMN IF NOT EXISTS extra_rows bigint,
  ADD COLUMN IF NOT EXISTS differing_rows bigint,
  ADD COLUMN IF NOT EXISTS differences_listed integer,
  ADD COLUMN IF NOT EXISTS differences_complete boolean,
  ADD COLUMN IF NOT EXISTS duration_ms bigint;

CREATE INDEX IF NOT EXISTS validations_request
  ON tributary.validations (request_id) WHERE request_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS tributary.validation_differences (
  validation_id bigint NOT NULL REFERENCES tributary.validations (id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL,
  row_key jsonb NOT NULL,
  columns text[],
  source_values jsonb,
  target_values jsonb,
  detail text,
  PRIMARY KEY (validation_id, position));

ALTER TABLE tributary.apply_offsets ADD COLUMN IF NOT EXISTS source_pos bigint;

ALTER TABLE tributary.validations ADD COLUMN IF NOT EXISTS aligned_at bigint;

ALTER TABLE tributary.migrations
  ADD COLUMN IF NOT EXISTS paused_at timestamptz,
  ADD COLUMN IF NOT EXISTS paused_by text;

ALTER TABLE tributary.events
  ADD COLUMN IF NOT EXISTS cutover_id bigint,
  ADD COLUMN IF NOT EXISTS step text,
  ADD COLUMN IF NOT EXISTS duration_ms bigint;

CREATE TABLE IF NOT EXISTS tributary.cutovers (
  id bigserial PRIMARY KEY,
  migration_id text NOT NULL REFERENCES tributary.migrations (id) ON DELETE CASCADE,
  requested_by text NOT NULL,
  reason text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  step text NOT NULL,
  frozen jsonb,
  frozen_at timestamptz,
  switch_started_at timestamptz,
  switched_at timestamptz,
  write_pause_ms bigint,
  finished_at timestamptz,
  outcome text,
  detail text);

CREATE UNIQUE INDEX IF NOT EXISTS cutovers_open
  ON tributary.cutovers (migration_id) WHERE finished_at IS NULL;

REVOKE ALL ON SCHEMA tributary FROM PUBLIC;

INSERT INTO tributary.schema_version (version) VALUES (6) ON CONFLICT DO NOTHING;
