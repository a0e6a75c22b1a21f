/**
 * The source side of validation: {@link io.tributary.validator.source.ValidationSources}, the
 * registry of the kinds' {@link io.tributary.source.spi.validate.ValidationSource}s (counts,
 * checksums, row scans, write marks and capture's position), chosen by the table's {@code
 * SourceKind}. The kinds implement them in their modules ({@code
 * io.tributary.source.<kind>.validate}, found through {@code io.tributary.source.spi.SourceKinds}).
 */
package io.tributary.validator.source;
