package io.tributary.validator.deep;

import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.validator.Verdict;
import io.tributary.validator.changes.ChangedKeys;
import io.tributary.validator.deep.DeepTableValidator.Outcome;
import io.tributary.validator.diff.DiffResult;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * A catch-up round of the precutover verification, before the freeze: the rows changed between the
 * position verified before and the round's, compared by key. The sources are still written, so
 * counts are not compared. Blocking.
 */
@ApplicationScoped
class CatchUpRound {
  private static final Logger LOG = Logger.getLogger(CatchUpRound.class);

  private final DeepDiffs diffs;
  private final DeepOutcomes outcomes;

  CatchUpRound(DeepDiffs diffs, DeepOutcomes outcomes) {
    this.diffs = diffs;
    this.outcomes = outcomes;
  }

  /**
   * Compares the changed rows of the table.
   *
   * @param changed the keys changed between the two positions, all of them
   * @param begin {@link System#nanoTime()} when the round started
   * @return the outcome; null when the table's rows cannot be looked up by key
   * @throws io.tributary.source.spi.validate.ValidationException when a side cannot be read
   */
  Outcome compare(
      ValidatedTable table,
      ValidationSource source,
      long requestId,
      ChangedKeys changed,
      long begin) {
    DiffResult diff = diffs.byKey(table, source, changed);
    if (diff == null) {
      return null;
    }
    String rows =
        changed.keys().size()
            + (changed.keys().size() == 1 ? " row" : " rows")
            + " changed since the previous position: "
            + DeepDecider.summary(diff);
    Verdict verdict =
        new Verdict(diff.same() ? ValidationStatus.MATCH : ValidationStatus.MISMATCH, rows);
    long millis = (System.nanoTime() - begin) / 1_000_000;
    LOG.infof("Catch-up round of %s: %s in %d ms", table.key(), rows, millis);
    return outcomes.of(
        table,
        ValidationMode.PRECUTOVER,
        requestId,
        diff,
        verdict,
        diff.sourceRows(),
        diff.targetRows(),
        0,
        null,
        millis);
  }
}
