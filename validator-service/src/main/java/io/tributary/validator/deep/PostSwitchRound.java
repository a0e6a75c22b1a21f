package io.tributary.validator.deep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.validator.DatabaseWait;
import io.tributary.validator.ErrorResults;
import io.tributary.validator.ValidatorConfig;
import io.tributary.validator.Verdict;
import io.tributary.validator.changes.KeySignature;
import io.tributary.validator.changes.ReverseMarks;
import io.tributary.validator.changes.WrittenBackKeys;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.source.ValidationSources;
import io.tributary.validator.target.TargetReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The post-switch verification ({@code DESIGN.md}, cutover step 7): within the fallback window,
 * every row of each frozen source compared with the target, the rows the window wrote back (or
 * could not) left out on both sides — the independent check that the change stream missed nothing
 * after the cutover's position P, which the final gate (counts at P, the rows changed after P, the
 * behind-apply record) takes on trust. Once a comparison is done a mark is written into the
 * target's WAL and awaited, so every row the target changed during it is known as written back;
 * {@link PostSwitchDecider} decides what is left. Up to {@value #PASSES} passes when the
 * differences were not all listed (a busy target). Runs in the background: nothing is frozen, the
 * applications write to the target meanwhile. Blocking; one at a time.
 */
@ApplicationScoped
class PostSwitchRound {
  private static final Logger LOG = Logger.getLogger(PostSwitchRound.class);
  static final int PASSES = 3;

  private final ValidationSources sources;
  private final DeepDiffs diffs;
  private final DeepOutcomes outcomes;
  private final WrittenBackKeys keys;
  private final ReverseMarks marks;
  private final TargetReader target;
  private final ValidatorConfig config;
  private final DatabaseWait wait;

  PostSwitchRound(
      ValidationSources sources,
      DeepDiffs diffs,
      DeepOutcomes outcomes,
      WrittenBackKeys keys,
      ReverseMarks marks,
      TargetReader target,
      ValidatorConfig config,
      DatabaseWait wait) {
    this.sources = sources;
    this.diffs = diffs;
    this.outcomes = outcomes;
    this.keys = keys;
    this.marks = marks;
    this.target = target;
    this.config = config;
    this.wait = wait;
  }

  /** Compares one table; never throws (a failure is an ERROR result saying why). */
  synchronized DeepTableValidator.Outcome table(ValidatedTable table, long requestId) {
    long begin = System.nanoTime();
    if (table.definition() == null) {
      return error(table, requestId, table.definitionProblem());
    }
    Optional<ValidationSource> source = sources.of(table.sourceKind());
    if (source.isEmpty()) {
      return error(table, requestId, ValidationSources.unsupported(table.sourceKind()));
    }
    try {
      return compare(table, source.get(), requestId, begin);
    } catch (ValidationException e) {
      return error(table, requestId, e.getMessage());
    } catch (RuntimeException e) {
      LOG.debugf(e, "Post-switch verification of %s failed", table.key());
      return error(table, requestId, "post-switch verification failed: " + e);
    }
  }

  private DeepTableValidator.Outcome compare(
      ValidatedTable table, ValidationSource source, long requestId, long begin) {
    String migration = table.migration();
    if (!marks.window(migration).map(ReverseMarks.Window::open).orElse(false)) {
      return error(
          table,
          requestId,
          "the migration has no open fallback window: the post-switch verification runs within it");
    }
    // the rows apply rejected, as other results count them (the written-back ones are not)
    long rejected = diffs.rejects(table).size();
    DiffResult diff = null;
    Verdict verdict = null;
    for (int pass = 1; pass <= PASSES; pass++) {
      List<String> written = writtenBack(table);
      RejectedKeys leftOut = diffs.rejectsAnd(table, written);
      long expected = wait.query(target.count(table), "counting " + table.sourceTable()).rows();
      diff = diffs.whole(table, source, leftOut, expected);
      diff = diff.withRejectedRows(Math.min(diff.rejectedRows(), rejected));
      if (!diff.same() && !marks.settle(migration, config.reverse().settleWait())) {
        verdict =
            new Verdict(
                ValidationStatus.PENDING,
                DeepDecider.summary(diff)
                    + "; the write-back did not pass the target's position after the comparison"
                    + " within "
                    + config.reverse().settleWait().toSeconds()
                    + " s, so rows the target changed meanwhile cannot be told from real"
                    + " differences: ask again (POST /migrations/"
                    + migration
                    + "/validate?mode=postswitch)");
        break;
      }
      Set<String> signatures = diff.same() ? Set.of() : signatures(table, writtenBack(table));
      PostSwitchDecider.Decided decided =
          PostSwitchDecider.decide(table.definition(), diff, written.size(), signatures, migration);
      if (!decided.again()) {
        diff = decided.kept();
        verdict = decided.verdict();
        break;
      }
      LOG.infof(
          "Post-switch verification of %s, pass %d: %s, not all listed, in rows the target changed"
              + " meanwhile; compared again without them",
          table.key(), pass, DeepDecider.summary(diff));
    }
    if (verdict == null) {
      verdict =
          new Verdict(
              ValidationStatus.PENDING,
              DeepDecider.summary(diff)
                  + " after "
                  + PASSES
                  + " passes, not all listed, the target changing faster than the comparison"
                  + " goes: ask again when it writes less (POST /migrations/"
                  + migration
                  + "/validate?mode=postswitch)");
    }
    long millis = (System.nanoTime() - begin) / 1_000_000;
    LOG.infof(
        "Post-switch verification of %s: %d source and %d target rows in %.3f s: %s%s",
        table.key(),
        diff.sourceRows(),
        diff.targetRows(),
        millis / 1000.0,
        verdict.status(),
        verdict.status() == ValidationStatus.MATCH ? "" : " (" + verdict.detail() + ")");
    return outcomes.of(
        table,
        ValidationMode.POSTSWITCH,
        requestId,
        diff,
        verdict,
        diff.sourceRows(),
        diff.targetRows(),
        rejected,
        null,
        millis);
  }

  private List<String> writtenBack(ValidatedTable table) {
    return keys.all(table.migration(), table.source(), table.sourceTable());
  }

  /** The signatures of stored written-back keys (one that is not a JSON object names no row). */
  private static Set<String> signatures(ValidatedTable table, List<String> stored) {
    Set<String> out = new HashSet<>();
    for (String text : stored) {
      try {
        if (ChangeEventCodec.MAPPER.readTree(text) instanceof ObjectNode key) {
          String signature = KeySignature.ofSourceKey(table.definition(), key);
          if (signature != null) {
            out.add(signature);
          }
        }
      } catch (IOException e) {
        // names no row
      }
    }
    return out;
  }

  private static DeepTableValidator.Outcome error(
      ValidatedTable table, long requestId, String detail) {
    return new DeepTableValidator.Outcome(
        ErrorResults.of(table, ValidationMode.POSTSWITCH, requestId, detail), null);
  }
}
