/**
 * The source side of validation for PostgreSQL sources ({@link
 * io.tributary.validator.postgres.PostgresSourceVerifier}, the kind's {@code SourceVerifier}):
 * counts, checksums and row scans in one repeatable-read snapshot at a known WAL position ({@link
 * io.tributary.validator.postgres.PostgresTableReader}, shared with the target side), and when the
 * table was last written ({@link io.tributary.validator.postgres.PostgresWriteClock}).
 */
package io.tributary.validator.postgres;
