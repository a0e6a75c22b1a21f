-- Version 6: why apply cannot write a table's changes, where the operator looks (GET
-- /migrations/{id}: the table's problem and the state reason; the audit log when the error first
-- appears and when apply writes the table again). cdc-service sets it when a batch holding the
-- table's changes failed every attempt (an error about the target, not about a row: rows are
-- rejected one by one), and clears it once a batch holding the table commits.
ALTER TABLE tributary.tables
  ADD COLUMN IF NOT EXISTS apply_error text,
  ADD COLUMN IF NOT EXISTS apply_error_at timestamptz,
  ADD COLUMN IF NOT EXISTS apply_failures integer NOT NULL DEFAULT 0;
