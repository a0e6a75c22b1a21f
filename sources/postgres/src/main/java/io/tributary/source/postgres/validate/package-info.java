/**
 * The source side of validation for PostgreSQL sources ({@code PostgresSourceReader}, the kind's
 * {@code ValidationSource}): counts, checksums and row scans in one repeatable-read snapshot at a
 * known WAL position, through the validator's reads of PostgreSQL servers ({@code PgTableReads}:
 * its small pool per source and the target side's own reading code) on a {@code PostgresSourceView}
 * of the table; and when the table was last written ({@code PostgresWriteClock}).
 */
package io.tributary.source.postgres.validate;
