package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RangeSums;
import io.tributary.source.spi.validate.RowScanner.RowSink;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A comparison's target side that holds one snapshot over a pass of a comparison as of a cutover's
 * position ({@link TableDiffer#diffAsOf}): the pass's rows first, then the rows of the keys the
 * source left out of its pass, known only once the source's pass ended, as the first read saw them.
 * Blocking.
 */
public interface HeldSnapshot {
  /**
   * Sums the ranges' rows into {@code sums} where the reader can (else streams them to {@code
   * rows}), then, in the same snapshot, once {@code leftOut} completes, streams the rows of its
   * keys (capture's form) to {@code leftOutRows}.
   */
  void sumThenRead(
      KeyRanges ranges,
      RangeSums sums,
      RowSink rows,
      CompletionStage<List<ObjectNode>> leftOut,
      RowSink leftOutRows);
}
