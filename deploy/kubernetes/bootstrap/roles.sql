-- The PostgreSQL login of each part of Tributary in the target database (docs/operations.md
-- "Deployment hardening"), run once by a superuser in the target database before the services'
-- first start: deploy/kubernetes/bootstrap/roles.sh roles 'postgresql://postgres@HOST/unified'.
-- The passwords are psql variables roles.sh sets from the Secrets create-secrets.sh made; the
-- login names are the ones the manifests set (QUARKUS_DATASOURCE_USERNAME, tributary.control.user).
\set ON_ERROR_STOP on

-- orchestrator-service: the owner role. It migrates the control schema `tributary`, provisions the
-- applications' schemas and their roles (<schema>, <schema>_apply), CREATE EXTENSION vector.
CREATE ROLE tributary LOGIN CREATEROLE PASSWORD :'orchestrator_password';
GRANT CONNECT, CREATE ON DATABASE :"DBNAME" TO tributary;

-- validator-service: a login that is a member of tributary_validator and of nothing else. The role
-- is made here, marked as control schema version 15 marks it, with the owner its admin (version 15
-- then grants it SELECT on the control schema and every target schema, writes on its results only).
CREATE ROLE tributary_validator NOLOGIN;
COMMENT ON ROLE tributary_validator IS 'tributary: validator role';
GRANT tributary_validator TO tributary WITH ADMIN OPTION;
CREATE ROLE tributary_validator_login LOGIN PASSWORD :'validator_password' IN ROLE tributary_validator;

-- cdc-service: its own login. Apply writes each schema as <schema>_apply, but its control-schema
-- statements and DDL (offsets, rejects, key builds, staging) still run as Tributary's role: the
-- login acts as it (role default below; RESET ROLE comes back to it). A credential of its own
-- (rotated, revoked and seen in pg_stat_activity apart), not fewer rights yet.
CREATE ROLE tributary_cdc LOGIN PASSWORD :'cdc_password' IN ROLE tributary;
ALTER ROLE tributary_cdc SET role = 'tributary';
-- Apply writes as a replica (session_replication_role = replica), so that the source's triggers and
-- rules, made on the target tables, fire for the applications' own writes only (docs/postgres-types.md).
GRANT SET ON PARAMETER session_replication_role TO tributary;

-- The Kafka Connect workers (50-connect.yaml): reads of the control schema and capture's
-- bookkeeping only; grants.sql gives them once the orchestrator has made the control schema.
CREATE ROLE tributary_connect LOGIN PASSWORD :'connect_password';
GRANT CONNECT ON DATABASE :"DBNAME" TO tributary_connect, tributary_cdc, tributary_validator_login;
