-- Version 3: the cutover verifies every table before the freeze, at an aligned position P (a fence
-- per source), and under the freeze compares only the rows changed after P.
ALTER TABLE tributary.validation_requests
  DROP CONSTRAINT IF EXISTS validation_requests_mode_check;
ALTER TABLE tributary.validation_requests
  ADD CONSTRAINT validation_requests_mode_check
    CHECK (mode IN ('deep', 'precutover', 'final'));
-- the fences marking P: rows changed after them (on the tables' topics) are the ones a
-- precutover request leaves to the gate and a final request compares
ALTER TABLE tributary.validation_requests ADD COLUMN IF NOT EXISTS since_fences bigint[];
-- a final request's fences written under the freeze: the changes it compares end there
ALTER TABLE tributary.validation_requests ADD COLUMN IF NOT EXISTS until_fences bigint[];
