package io.tributary.validator.deep;

import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.target.TargetReader;
import io.tributary.validator.target.TargetSide;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Both sides' whole-table checksums, read at the same time as continuous validation reads them (the
 * source on one connection per processor, the target summed in the database). When they agree, with
 * no rejected row on either side, the table holds the same rows on both sides and there is nothing
 * to look for row by row. Blocking.
 */
@ApplicationScoped
class WholeTableChecksums {
  private static final Logger LOG = Logger.getLogger(WholeTableChecksums.class);

  private final TargetReader target;

  WholeTableChecksums(TargetReader target) {
    this.target = target;
  }

  /**
   * The comparison of a table whose checksums agree: one pass over one range. Otherwise null, and
   * the table is compared row by row, which lists the differences.
   *
   * @param counted the target's count, read before
   */
  DiffResult match(ValidatedTable table, ValidationSource source, TargetSide counted) {
    if (counted.rejectedRows() != 0) {
      return null;
    }
    CompletableFuture<TargetSide> targetChecksum =
        target.checksum(table).subscribeAsCompletionStage().toCompletableFuture();
    SourceSide sourceSide;
    try {
      sourceSide = source.checksum(table);
    } catch (RuntimeException e) {
      targetChecksum.handle((side, failure) -> null).join(); // let the target read end first
      throw e;
    }
    TargetSide targetSide = TargetReader.join(targetChecksum);
    boolean same =
        (sourceSide.expectedRejects() == null || sourceSide.expectedRejects() == 0)
            && targetSide.rejectedRows() == 0
            && sourceSide.rows() == targetSide.rows()
            && sourceSide.checksum() != null
            && sourceSide.checksum().equals(targetSide.checksum());
    if (!same) {
      LOG.debugf(
          "Whole-table checksums of %s differ (%d rows %s, %d rows %s): comparing row by row",
          table.key(),
          sourceSide.rows(),
          sourceSide.checksum(),
          targetSide.rows(),
          targetSide.checksum());
      return null;
    }
    return new DiffResult(
        sourceSide.rows(),
        targetSide.rows(),
        0,
        sourceSide.checksum(),
        targetSide.checksum(),
        0,
        0,
        0,
        List.of(),
        true,
        1,
        1,
        0);
  }
}
