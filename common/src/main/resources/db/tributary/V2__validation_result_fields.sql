-- Version 2: a stored validation result keeps everything its published form says
-- (io.tributary.common.validation.ValidationResult), so that every service reads one record back.
ALTER TABLE tributary.validations
  ADD COLUMN IF NOT EXISTS expected_rejects bigint,
  ADD COLUMN IF NOT EXISTS apply_lag bigint,
  ADD COLUMN IF NOT EXISTS passes integer;
