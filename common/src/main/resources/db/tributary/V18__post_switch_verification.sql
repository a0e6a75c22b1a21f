-- Version 18: the post-switch verification of DESIGN.md's cutover step 7 (issue 48). Within the
-- fallback window validator-service compares the frozen sources with the target as of the switch
-- (the rows the window wrote back left out), in the background; its requests have mode
-- 'postswitch' and its results are stored in tributary.validations like the others.
ALTER TABLE tributary.validation_requests
  DROP CONSTRAINT IF EXISTS validation_requests_mode_check;
ALTER TABLE tributary.validation_requests
  ADD CONSTRAINT validation_requests_mode_check
    CHECK (mode IN ('deep', 'precutover', 'final', 'postswitch'));
