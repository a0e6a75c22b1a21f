-- Version 16: a rejected row is kept in tributary.rejects up to a size (security review M7: a
-- source could fill the control database with rows apply refuses). Longer rows keep their first
-- characters, marked truncated, with the whole row's length and SHA-256 (of its UTF-8 bytes); the
-- reject itself, its key and its reason are always kept. Older rows keep their text whole.
ALTER TABLE tributary.rejects
  ADD COLUMN IF NOT EXISTS row_truncated boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS row_length bigint,
  ADD COLUMN IF NOT EXISTS row_sha256 text;
