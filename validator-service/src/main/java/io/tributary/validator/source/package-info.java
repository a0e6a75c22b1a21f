/**
 * The source side of validation, behind one interface per source kind: {@link
 * io.tributary.source.spi.validate.ValidationSource} (counts, checksums, row scans, write marks and
 * capture's position), chosen by {@link io.tributary.validator.source.SourceReaders} from the
 * table's {@code SourceKind}; what a read returns ({@link
 * io.tributary.source.spi.validate.SourceSide} at a {@link
 * io.tributary.source.spi.validate.SourcePosition}); and how a source tells that it was written
 * ({@link io.tributary.source.spi.validate.SourceFingerprint}, {@link
 * io.tributary.source.spi.validate.WriteMark}). The kinds live in {@code source.sqlite} and {@code
 * source.postgres}.
 */
package io.tributary.validator.source;
