-- Version 5: why a source's capture is failing, where the operator looks (GET /migrations/{id}:
-- the source, its tables and the state reason; the audit log when the error first appears and when
-- capture runs again). cdc-service sets it when a capture fails to start or stops with an error,
-- and clears it once capture runs again.
ALTER TABLE tributary.sources
  ADD COLUMN IF NOT EXISTS capture_error text,
  ADD COLUMN IF NOT EXISTS capture_error_at timestamptz,
  ADD COLUMN IF NOT EXISTS capture_failures integer NOT NULL DEFAULT 0;
