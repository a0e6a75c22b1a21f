-- The Connect workers' rights on the control schema, run once the orchestrator is ready (it has
-- migrated the control schema), as the owner role or a superuser:
-- deploy/kubernetes/bootstrap/roles.sh grants 'postgresql://postgres@HOST/unified'.
-- A connector reads its source, tables and fences and records capture's bookkeeping (the capture
-- lease, snapshot ranges and completions, fences written): no other table, no target schema.
\set ON_ERROR_STOP on
GRANT USAGE ON SCHEMA tributary TO tributary_connect;
GRANT SELECT ON ALL TABLES IN SCHEMA tributary TO tributary_connect;
GRANT INSERT, UPDATE, DELETE ON tributary.capture_leases, tributary.snapshot_ranges
  TO tributary_connect;
GRANT UPDATE ON tributary.sources, tributary.tables, tributary.fences TO tributary_connect;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA tributary TO tributary_connect;
