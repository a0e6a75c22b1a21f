/**
 * The row-by-row comparison of deep and final validations: {@link
 * io.tributary.validator.diff.TableDiffer} walks both sides in key ranges ({@link
 * io.tributary.source.spi.validate.KeyRanges}), compares per-range sums of row hashes ({@link
 * io.tributary.source.spi.validate.RangeSums}, {@link
 * io.tributary.source.spi.validate.RowDigester}) and bisects the ranges that differ down to the
 * rows ({@link io.tributary.validator.diff.Difference}), within {@link
 * io.tributary.validator.diff.DiffSettings}. Each side is a {@link
 * io.tributary.source.spi.validate.RowScanner} (per source kind in {@code sqlite} and {@code
 * postgres}, the target in the root package); rows apply rejected are left out ({@link
 * io.tributary.source.spi.validate.RejectedKeys}). Tables identified by their whole rows are
 * compared by counting copies of each row.
 */
package io.tributary.validator.diff;
