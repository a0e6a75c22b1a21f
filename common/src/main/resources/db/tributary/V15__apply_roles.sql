-- Version 15: apply writes each target schema as a role of its own, <schema>_apply, with DML rights
-- on that schema alone (SchemaRoleDdlBuilder; issue 47: a plan's default or check evaluated by
-- apply could read the control schema with Tributary's rights). Provisioning makes the role for
-- new schemas; this makes it for the schemas of migrations provisioned before, gives it the rights
-- on what they hold, and marks their owner roles as Tributary's (provisioning refuses to adopt an
-- unmarked role). A name too long for the suffix gets tributary_apply_<16 hex of its SHA-256>, as
-- SchemaRoleDdlBuilder.applyRole computes.
DO $tributary$
DECLARE
  s text;
  r text;
  o text;
BEGIN
  FOR s, o IN
    SELECT DISTINCT t.target_schema, n.nspowner::regrole::text
      FROM tributary.tables t JOIN pg_namespace n ON n.nspname = t.target_schema
  LOOP
    r := CASE WHEN octet_length(s) + 6 <= 63 THEN s || '_apply'
              ELSE 'tributary_apply_' || left(encode(sha256(convert_to(s, 'UTF8')), 'hex'), 16)
         END;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXECUTE format('COMMENT ON ROLE %I IS %L', r, 'tributary: schema role');
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = s) AND quote_ident(s) = o THEN
      EXECUTE format('COMMENT ON ROLE %I IS %L', s, 'tributary: schema role');
    END IF;
    EXECUTE format('GRANT %I TO CURRENT_USER', r);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, r);
    EXECUTE format(
      'GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA %I TO %I', s, r);
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I', s, r);
    EXECUTE format(
      'ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %I'
        || ' GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO %I', o, s, r);
  END LOOP;
END $tributary$;

-- The validator reads as tributary_validator (validator-service's ValidatorPool sets it on each
-- connection): SELECT on the control schema and on every target schema, and writes only its own
-- results. Provisioning grants it each new schema (SchemaRoleDdlBuilder.createSchema).
DO $tributary$
DECLARE
  s text;
  o text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tributary_validator') THEN
    CREATE ROLE tributary_validator NOLOGIN;
    COMMENT ON ROLE tributary_validator IS 'tributary: validator role';
  END IF;
  GRANT tributary_validator TO CURRENT_USER;
  GRANT USAGE ON SCHEMA tributary TO tributary_validator;
  GRANT SELECT ON ALL TABLES IN SCHEMA tributary TO tributary_validator;
  ALTER DEFAULT PRIVILEGES IN SCHEMA tributary GRANT SELECT ON TABLES TO tributary_validator;
  GRANT INSERT ON tributary.validations, tributary.validation_differences, tributary.fences
     TO tributary_validator;
  GRANT INSERT, UPDATE ON tributary.reverse_verified TO tributary_validator;
  GRANT UPDATE ON tributary.validation_requests TO tributary_validator;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA tributary TO tributary_validator;
  FOR s, o IN
    SELECT DISTINCT t.target_schema, n.nspowner::regrole::text
      FROM tributary.tables t JOIN pg_namespace n ON n.nspname = t.target_schema
  LOOP
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO tributary_validator', s);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO tributary_validator', s);
    EXECUTE format(
      'ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %I GRANT SELECT ON TABLES TO tributary_validator',
      o, s);
  END LOOP;
END $tributary$;
