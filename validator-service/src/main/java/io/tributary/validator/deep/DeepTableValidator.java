package io.tributary.validator.deep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.validator.ErrorResults;
import io.tributary.validator.Verdict;
import io.tributary.validator.changes.ChangedKeys;
import io.tributary.validator.changes.TopicChanges;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.TableDiffer;
import io.tributary.validator.pgtable.PostgresRowScanner;
import io.tributary.validator.source.ValidationSources;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Compares one table for a deep or final validation: first by the whole-table checksums of both
 * sides (when they agree, with no rejected rows, nothing differs), else row by row ({@link
 * TableDiffer}): the source read through its kind's reader ({@code SqliteRowScanner}, {@link
 * PostgresRowScanner} on the source's view) and the target through {@link PostgresRowScanner}, both
 * leaving out the rows apply rejected ({@link WholeTableComparison}); or only the rows changed
 * after a position ({@link CatchUpRound}, {@link FinalGate}). Never throws: whatever fails becomes
 * an {@code ERROR} result saying why. Blocking.
 */
@ApplicationScoped
class DeepTableValidator {
  private static final Logger LOG = Logger.getLogger(DeepTableValidator.class);

  private final ValidationSources sources;
  private final WholeTableComparison whole;
  private final CatchUpRound catchUp;
  private final FinalGate finalGate;
  private final DeepDiffs diffs;
  private final DeepOutcomes outcomes;

  public DeepTableValidator(
      ValidationSources sources,
      WholeTableComparison whole,
      CatchUpRound catchUp,
      FinalGate finalGate,
      DeepDiffs diffs,
      DeepOutcomes outcomes) {
    this.sources = sources;
    this.whole = whole;
    this.catchUp = catchUp;
    this.finalGate = finalGate;
    this.diffs = diffs;
    this.outcomes = outcomes;
  }

  /** What comparing a table gave: the result, and every difference listed. */
  public record Outcome(ValidationResult result, DiffResult diff) {}

  /**
   * Compares one table.
   *
   * @param mode {@code deep} or {@code final}
   * @param requestId the request this comparison answers
   */
  public Outcome validate(ValidatedTable table, ValidationMode mode, long requestId) {
    Instant started = Instant.now();
    long begin = System.nanoTime();
    return guarded(
        table,
        mode,
        requestId,
        "Deep validation of %s failed",
        source -> whole.compare(table, source, mode, requestId, started, begin));
  }

  /**
   * Compares one table for a precutover verification as of its position ({@link
   * WholeTableComparison#compare} with the table's changes after it); as {@link #validate} when
   * {@code asOf} cannot be had (null, or reading the position failed: an {@code ERROR} result).
   *
   * @param asOf the table's changes after the position, read when the comparison starts; null when
   *     the position's markers carry no source position
   */
  public Outcome validateAsOf(ValidatedTable table, long requestId, Supplier<TopicChanges> asOf) {
    Instant started = Instant.now();
    long begin = System.nanoTime();
    return guarded(
        table,
        ValidationMode.PRECUTOVER,
        requestId,
        "Precutover verification of %s failed",
        source ->
            whole.compare(
                table, source, ValidationMode.PRECUTOVER, requestId, started, begin, asOf.get()));
  }

  /**
   * The rows of these keys (capture's form) compared on both sides as they are now, for validation
   * in reverse: no counts, no freeze.
   *
   * @return the comparison; null when the table's rows cannot be looked up by key
   * @throws ValidationException when a side cannot be read, in the operator's words
   */
  DiffResult diffWrittenBack(ValidatedTable table, List<ObjectNode> keys) {
    if (table.definition() == null) {
      throw new ValidationException(table.definitionProblem());
    }
    ValidationSource source =
        sources
            .of(table.sourceKind())
            .orElseThrow(
                () -> new ValidationException(ValidationSources.unsupported(table.sourceKind())));
    return diffs.byKey(table, source, new ChangedKeys(keys, keys.size(), null));
  }

  /** A result of validation in reverse, for {@link #diffWrittenBack}'s comparison. */
  Outcome reverseOutcome(
      ValidatedTable table, Long requestId, DiffResult diff, Verdict verdict, long millis) {
    return outcomes.of(
        table,
        ValidationMode.REVERSE,
        requestId,
        diff,
        verdict,
        diff.sourceRows(),
        diff.targetRows(),
        diff.rejectedRows(),
        null,
        millis);
  }

  /**
   * A precutover comparison with its differences in rows changed after the cutover's position set
   * aside ({@link ChangedRowsDecider#precutover}).
   *
   * @param changed the keys changed after the position; null when they could not be read
   */
  public Outcome setAside(ValidatedTable table, Outcome compared, ChangedKeys changed) {
    if (compared.diff() == null || compared.result().status() == ValidationStatus.ERROR) {
      return compared;
    }
    ChangedRowsDecider.Precutover decided =
        ChangedRowsDecider.precutover(table.definition(), compared.diff(), changed);
    ValidationResult r = compared.result();
    return outcomes.of(
        table,
        r.mode(),
        r.requestId(),
        decided.diff(),
        decided.verdict(),
        r.sourceRows(),
        r.targetRows(),
        r.rejectedRows(),
        r.applyLag(),
        r.comparison() == null ? 0 : r.comparison().durationMs());
  }

  /**
   * A catch-up round of the precutover verification, before the freeze: the rows changed between
   * the position verified before and the round's, compared by key ({@link CatchUpRound}). A table
   * whose rows cannot be looked up by key, or whose changes are not all known, is compared whole.
   *
   * @param changed the keys changed between the two positions
   */
  public Outcome validateChangedBefore(ValidatedTable table, long requestId, ChangedKeys changed) {
    long begin = System.nanoTime();
    return byChangedRows(
        table,
        ValidationMode.PRECUTOVER,
        requestId,
        changed,
        "Catch-up round of %s failed",
        source -> catchUp.compare(table, source, requestId, changed, begin));
  }

  /**
   * The final gate of one table on a frozen, drained source ({@link FinalGate}). A table whose rows
   * cannot be looked up by key, or whose changes are not all known, is compared whole.
   *
   * @param changed the keys changed between the cutover's position and its final fences
   * @param proof what may stand for exact counts where it holds ({@link CountFreeProof})
   */
  public Outcome validateChanged(
      ValidatedTable table, long requestId, ChangedKeys changed, CountFreeProof proof) {
    long begin = System.nanoTime();
    return byChangedRows(
        table,
        ValidationMode.FINAL,
        requestId,
        changed,
        "Final gate of %s failed",
        source -> finalGate.compare(table, source, requestId, changed, begin, proof));
  }

  /**
   * A comparison of the changed rows, {@link #guarded}; the table compared whole ({@link
   * #validate}) when its changes are not all known or the comparison cannot look its rows up by key
   * (gives null).
   */
  private Outcome byChangedRows(
      ValidatedTable table,
      ValidationMode mode,
      long requestId,
      ChangedKeys changed,
      String failed,
      Function<ValidationSource, Outcome> comparison) {
    return guarded(
        table,
        mode,
        requestId,
        failed,
        source -> {
          Outcome outcome =
              changed == null || !changed.complete() ? null : comparison.apply(source);
          return outcome != null ? outcome : validate(table, mode, requestId);
        });
  }

  /**
   * Runs a comparison of the table with its kind's source reader; a table without a definition or
   * reader, and a comparison that fails, become an {@code ERROR} result saying why.
   *
   * @param failed the debug message of a comparison that failed unexpectedly (of the table's key)
   */
  private Outcome guarded(
      ValidatedTable table,
      ValidationMode mode,
      long requestId,
      String failed,
      Function<ValidationSource, Outcome> comparison) {
    if (table.definition() == null) {
      return error(table, mode, requestId, table.definitionProblem());
    }
    ValidationSource source = sources.of(table.sourceKind()).orElse(null);
    if (source == null) {
      return error(table, mode, requestId, ValidationSources.unsupported(table.sourceKind()));
    }
    try {
      return comparison.apply(source);
    } catch (ValidationException e) {
      return error(table, mode, requestId, e.getMessage());
    } catch (RuntimeException e) {
      LOG.debugf(e, failed, table.key());
      return error(table, mode, requestId, "validation failed: " + e);
    }
  }

  private static Outcome error(
      ValidatedTable table, ValidationMode mode, long requestId, String detail) {
    return new Outcome(ErrorResults.of(table, mode, requestId, detail), null);
  }
}
