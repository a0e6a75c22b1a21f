-- Version 4: commands on tributary.commands are signed (HMAC-SHA256 with the operator's secret)
-- instead of carrying the credential; each command's nonce is kept while the command could still
-- run, so a record written again to the topic runs nothing a second time.
CREATE TABLE IF NOT EXISTS tributary.command_nonces (
  nonce text PRIMARY KEY,
  migration_id text NOT NULL,
  issued_at timestamptz NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX IF NOT EXISTS command_nonces_issued_at ON tributary.command_nonces (issued_at);
