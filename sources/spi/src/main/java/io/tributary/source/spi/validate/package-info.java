/**
 * The source side of validation as a kind offers it: {@link
 * io.tributary.source.spi.validate.ValidationSource} (counts, checksums, row scans, write marks and
 * capture's position of one {@link io.tributary.source.spi.validate.ValidatedTable}), what a read
 * returns ({@link io.tributary.source.spi.validate.SourceSide} at a {@link
 * io.tributary.source.spi.validate.SourcePosition}), how a source tells that it was written ({@link
 * io.tributary.source.spi.validate.SourceFingerprint}, {@link
 * io.tributary.source.spi.validate.WriteMark}), the deep comparison's row reading ({@link
 * io.tributary.source.spi.validate.RowScanner}, {@link
 * io.tributary.source.spi.validate.RejectedKeys}, {@link
 * io.tributary.source.spi.validate.RowDigester}, {@link
 * io.tributary.source.spi.validate.KeyLookup}) and what the validator offers the kinds ({@link
 * io.tributary.source.spi.validate.ValidationContext}, with its reads of PostgreSQL servers, {@link
 * io.tributary.source.spi.validate.PgTableReads}).
 */
package io.tributary.source.spi.validate;
