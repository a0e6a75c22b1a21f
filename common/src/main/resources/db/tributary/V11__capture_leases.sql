-- Several cdc-service instances (issue 27): capture of each source is held by one instance at a
-- time. The holder renews its lease every tributary.capture.lease-renew-interval; a lease not
-- renewed by expires_at (the holder died, or lost the database) may be taken by another instance,
-- which resumes the capture from the offsets Kafka acknowledged. A holder that cannot renew stops
-- its capture before expires_at, by its own clock, so two instances never capture one source.
CREATE TABLE IF NOT EXISTS tributary.capture_leases (
  migration_id text NOT NULL,
  source_name text NOT NULL,
  holder text NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now(),
  renewed_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (migration_id, source_name),
  FOREIGN KEY (migration_id, source_name)
    REFERENCES tributary.sources (migration_id, name) ON DELETE CASCADE);
