-- Nothing doubled (issue 44): apply stores, per partition, the source position of the last change
-- it applied (capture's tributary-position header: generation, major, minor, ordinal). A change at
-- or below it is one capture published again after a restart (Kafka had acknowledged it, the
-- source offset was not yet stored) and is skipped, so a keyless table never holds it twice.
ALTER TABLE tributary.apply_offsets ADD COLUMN IF NOT EXISTS applied_position bigint[];
