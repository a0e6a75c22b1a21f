/**
 * The source side of validation for PostgreSQL sources ({@code PostgresSourceReader}, the kind's
 * {@code ValidationSource}): counts, checksums and row scans in one repeatable-read snapshot at a
 * known WAL position, through a small pool per source ({@code PostgresSourcePools}) and with the
 * target side's own reading code ({@code io.tributary.validator.postgres}) on a {@code
 * PostgresSourceView} of the table; and when the table was last written ({@code
 * PostgresWriteClock}).
 */
package io.tributary.validator.source.postgres;
