/**
 * Reading a PostgreSQL table over the Vert.x client, the same way for the target and for a
 * PostgreSQL source: counts and checksums in the caller's transaction ({@link
 * io.tributary.validator.pgtable.PostgresTableReader}), every row for a comparison ({@link
 * io.tributary.validator.pgtable.PostgresRowScanner}), values decoded to the change events'
 * canonical form ({@code PostgresValueConverter}). A PostgreSQL source is read on a small pool of
 * its own ({@code PostgresSourcePools}); its kind's validation source reaches all this through
 * {@link io.tributary.validator.pgtable.SourceTableReads}, the validator's {@code PgTableReads}.
 */
package io.tributary.validator.pgtable;
