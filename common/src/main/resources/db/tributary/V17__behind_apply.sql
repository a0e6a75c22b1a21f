-- Version 17: the behind-apply record of the cutover's final gate (DESIGN.md, cutover step 4; issue
-- 48). From the cutover's prepare step to its switch, every target table of the migration has a
-- statement-level trigger (tributary_behind_apply) calling tributary.behind_apply() with the
-- schema's apply role; a statement not made by that role (the session's SET ROLE) is recorded
-- here, and the final gate fails on any such write without reading the table. The orchestrator
-- installs the triggers (clearing the tables' earlier records) and drops them after the switch.
CREATE TABLE IF NOT EXISTS tributary.foreign_writes (
  id          bigserial PRIMARY KEY,
  schema_name text        NOT NULL,
  table_name  text        NOT NULL,
  operation   text        NOT NULL,                     -- INSERT, UPDATE, DELETE, TRUNCATE
  role_name   text        NOT NULL,                     -- the session's role: 'none' without SET ROLE
  login_name  text        NOT NULL,                     -- session_user
  at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS foreign_writes_table ON tributary.foreign_writes (schema_name, table_name);

-- SECURITY DEFINER: the writer (an application's role) has no right on schema tributary; the
-- function records and returns, it reads nothing the writer gives but the trigger's own names.
CREATE OR REPLACE FUNCTION tributary.behind_apply() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF current_setting('role') = TG_ARGV[0] THEN
    RETURN NULL;
  END IF;
  INSERT INTO tributary.foreign_writes (schema_name, table_name, operation, role_name, login_name)
  VALUES (TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP, current_setting('role'), session_user);
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION tributary.behind_apply() FROM PUBLIC;
