/**
 * validator-service: compares each table of an active migration on both sides and says whether the
 * target holds what the source holds.
 *
 * <p>The packages, by role (open them in this order):
 *
 * <ul>
 *   <li>{@link io.tributary.validator.continuous}: continuous validation, counts and checksums of
 *       every table on a schedule, while replication runs;
 *   <li>{@link io.tributary.validator.deep}: deep and final validation, row-by-row comparisons
 *       answering the requests in {@code tributary.validation_requests};
 *   <li>{@link io.tributary.validator.source}: the source side, the registry of the kinds' {@code
 *       ValidationSource}s (each in its kind's module, {@code
 *       io.tributary.source.<kind>.validate});
 *   <li>{@link io.tributary.validator.target}: the target side with apply's progress (rejects,
 *       offsets, lag);
 *   <li>{@link io.tributary.validator.pgtable}: reading a PostgreSQL table, the target or a
 *       PostgreSQL source (for its kind, as {@code PgTableReads}), over the Vert.x client;
 *   <li>{@link io.tributary.validator.diff}: the row-by-row comparison itself;
 *   <li>{@link io.tributary.validator.results}: storing, publishing and serving results.
 * </ul>
 *
 * <p>This package holds what they share: the tables to validate ({@link
 * io.tributary.validator.ValidatedTableRepository}, reading the SPI's {@link
 * io.tributary.source.spi.validate.ValidatedTable}s), their {@code ERROR} results ({@link
 * io.tributary.validator.ErrorResults}), a {@link io.tributary.validator.Verdict}, the
 * configuration ({@link io.tributary.validator.ValidatorConfig}) and the wait for the control
 * schema ({@link io.tributary.controlgate.ControlSchemaGate}).
 *
 * <p>Names follow one system: a {@code *Runner} runs validations over many tables (scheduled or
 * requested); a {@code *TableValidator} validates one table once and makes its result; a {@code
 * *Reader} reads one side of one table (counts, checksums, positions); a {@code *Scanner} reads
 * every row of one side for the row-by-row comparison; a {@code *Decider} turns what was read into
 * a {@code Verdict} (a status and why); a {@code *Repository} reads or writes control-schema
 * tables. The result itself is common's {@link io.tributary.common.validation.ValidationResult}.
 */
package io.tributary.validator;
