-- Version 13: snapshots travel as chunks (DESIGN.md, Capture: "Snapshots travel as chunks, not
-- rows"). A chunk is one Kafka record on the source's snapshot topic holding many rows in binary
-- COPY form; apply streams it into the target table.
--
-- snapshot_applied_at / snapshot_applied_rows: apply committed the table's last chunk (its end
-- marker), in the same transaction; capture's snapshot_done_at says only that Kafka holds it. For
-- a table whose snapshot still travels as row records (read by Debezium), capture sets both at
-- once, as before. A table is LOADED (io.tributary.common.control.TableLoad) when
--   snapshot_done_at IS NOT NULL AND snapshot_applied_at IS NOT NULL
--   AND (NOT bulk_load OR key_built_at IS NOT NULL)
-- which moves a migration from SNAPSHOTTING to REPLICATING, opens the table's changes to apply and
-- lets the validator compare it.
ALTER TABLE tributary.tables
  ADD COLUMN IF NOT EXISTS snapshot_applied_at timestamptz,
  ADD COLUMN IF NOT EXISTS snapshot_applied_rows bigint;
UPDATE tributary.tables SET snapshot_applied_at = snapshot_done_at
 WHERE snapshot_applied_at IS NULL AND snapshot_done_at IS NOT NULL;

-- sources.snapshot_chunks: the source's capture sends its snapshots as chunks on the source's
-- snapshot topic (recorded by capture when it starts); apply then holds each table's changes until
-- the table is LOADED. False: the snapshot travels as row records on the table topics, in order
-- with the changes.
ALTER TABLE tributary.sources
  ADD COLUMN IF NOT EXISTS snapshot_chunks boolean NOT NULL DEFAULT false;

-- Several rejects may come from one record (the rows of a chunk): chunk_row is the row's ordinal in
-- its chunk (-1 for a record of one row), kafka_topic the topic the record was on when it is not
-- the table's topic (the snapshot topic; topic stays the table's, so a reset drops its rejects).
ALTER TABLE tributary.rejects
  ADD COLUMN IF NOT EXISTS kafka_topic text,
  ADD COLUMN IF NOT EXISTS chunk_row integer NOT NULL DEFAULT -1;
ALTER TABLE tributary.rejects DROP CONSTRAINT IF EXISTS rejects_topic_kafka_partition_kafka_offset_key;
CREATE UNIQUE INDEX IF NOT EXISTS rejects_record_row
  ON tributary.rejects (topic, kafka_partition, kafka_offset, chunk_row);
