/**
 * The source side of validation, behind one interface per source kind: {@link
 * io.tributary.validator.source.SourceReader} (counts, checksums, row scans, write marks and
 * capture's position), chosen by {@link io.tributary.validator.source.SourceReaders} from the
 * table's {@code SourceKind}; what a read returns ({@link io.tributary.validator.source.SourceSide}
 * at a {@link io.tributary.validator.source.SourcePosition}); and how a source tells that it was
 * written ({@link io.tributary.validator.source.SourceFingerprint}, {@link
 * io.tributary.validator.source.WriteMark}). The kinds live in {@code source.sqlite} and {@code
 * source.postgres}.
 */
package io.tributary.validator.source;
