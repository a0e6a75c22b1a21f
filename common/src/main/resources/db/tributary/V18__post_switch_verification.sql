-- Version 18: the post-switch verification of DESIGN.md's cutover step 7 (issue 48). Within the
-- fallback window validator-service compares the frozen sources with the target as of the switch
-- (the rows the window wrote back left out), in the background; its requests have mode
-- 'postswitch' and its results are stored in tributary.validations like the others.
ALTER TABLE tributary.validation_requests
  DROP CONSTRAINT IF EXISTS validation_requests_mode_check;
ALTER TABLE tributary.validation_requests
  ADD CONSTRAINT validation_requests_mode_check
    CHECK (mode IN ('deep', 'precutover', 'final', 'postswitch'));
-- The longest time one read of a comparison held a lock the source's writers wait on (a SQLite
-- file in a rollback-journal mode): a cutover's report says the longest an application's commit
-- waited on Tributary's reads. NULL where readers block no writer.
ALTER TABLE tributary.validations ADD COLUMN IF NOT EXISTS source_lock_ms bigint;
