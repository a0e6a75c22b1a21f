package io.tributary.validator.deep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.validator.ErrorResults;
import io.tributary.validator.ValidatorConfig;
import io.tributary.validator.Verdict;
import io.tributary.validator.changes.KeySignature;
import io.tributary.validator.changes.ReverseMarks;
import io.tributary.validator.changes.WrittenBackKeys;
import io.tributary.validator.changes.WrittenBackKeys.WrittenKey;
import io.tributary.validator.diff.DiffResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One round of validation in reverse for a migration whose fallback window is open: for each table,
 * the rows written back into the source since the table's verified position V, up to the
 * write-back's position M, looked up by key on both sides ({@link
 * DeepTableValidator#diffWrittenBack}). When they differ, a position mark is written into the
 * target's WAL and awaited, so that every change the target had made by the end of the comparison
 * is written back: a differing row written back again after M is left to the next round, any other
 * is real ({@link ReverseDecider}). A table with no real difference moves V up to M, so a
 * fallback's gate under the freeze compares only the rows written back after it.
 *
 * <p>Rounds run one at a time (the schedule's and a fallback's request).
 */
@ApplicationScoped
class ReverseRound {
  private static final Logger LOG = Logger.getLogger(ReverseRound.class);
  private static final String START = "0/0";

  private final DeepTableValidator validator;
  private final WrittenBackKeys keys;
  private final ReverseMarks marks;
  private final ValidatorConfig config;

  ReverseRound(
      DeepTableValidator validator,
      WrittenBackKeys keys,
      ReverseMarks marks,
      ValidatorConfig config) {
    this.validator = validator;
    this.keys = keys;
    this.marks = marks;
    this.config = config;
  }

  /** True while the migration's fallback window is open. */
  boolean windowOpen(String migration) {
    return marks.window(migration).map(ReverseMarks.Window::open).orElse(false);
  }

  /**
   * Compares the rows written back since the last round, table by table.
   *
   * @param requestId the request this round answers; null for the schedule's
   * @return each table's outcome (not yet recorded)
   */
  synchronized List<DeepTableValidator.Outcome> run(
      String migration, List<ValidatedTable> tables, Long requestId) {
    List<DeepTableValidator.Outcome> out = new ArrayList<>();
    Optional<ReverseMarks.Window> window = marks.window(migration);
    if (window.isEmpty() || !window.get().open()) {
      for (ValidatedTable table : tables) {
        out.add(
            error(
                table, requestId, "the migration has no open fallback window: nothing to compare"));
      }
      return out;
    }
    String upTo = window.get().appliedLsn();
    Map<String, String> verified = marks.verified(migration);
    for (ValidatedTable table : tables) {
      String from = verified.getOrDefault(table.source() + "\0" + table.sourceTable(), START);
      try {
        out.add(table(table, requestId, from, upTo));
      } catch (ValidationException e) {
        out.add(error(table, requestId, e.getMessage()));
      } catch (RuntimeException e) {
        LOG.debugf(e, "Reverse validation of %s failed", table.key());
        out.add(error(table, requestId, "validation in reverse failed: " + e));
      }
    }
    return out;
  }

  private DeepTableValidator.Outcome table(
      ValidatedTable table, Long requestId, String from, String upTo) {
    long begin = System.nanoTime();
    String migration = table.migration();
    if (upTo == null) {
      return verdict(
          table,
          requestId,
          empty(),
          new Verdict(ValidationStatus.MATCH, "nothing written back yet"),
          begin);
    }
    List<WrittenKey> written =
        keys.between(migration, table.source(), table.sourceTable(), from, upTo);
    if (written.isEmpty()) {
      marks.verify(migration, table.source(), table.sourceTable(), upTo, 0);
      return verdict(
          table,
          requestId,
          empty(),
          new Verdict(ValidationStatus.MATCH, "no row written back after " + from),
          begin);
    }
    List<ObjectNode> lookedUp = written.stream().map(WrittenKey::key).toList();
    DiffResult diff = validator.diffWrittenBack(table, lookedUp);
    if (diff == null) {
      return verdict(
          table,
          requestId,
          empty(),
          new Verdict(
              ValidationStatus.PENDING,
              written.size()
                  + " rows written back, not comparable by key (no primary key, or a key type"
                  + " looked up only whole): a fallback's gate compares the table whole"),
          begin);
    }
    Set<String> changedAgain = Set.of();
    if (!diff.same() && diff.differences().size() == diff.differingTotal()) {
      Optional<Set<String>> again = changedAgain(table, written, diff, upTo);
      if (again.isEmpty()) {
        return verdict(
            table,
            requestId,
            diff,
            new Verdict(
                ValidationStatus.PENDING,
                DeepDecider.summary(diff)
                    + " in rows written back up to "
                    + upTo
                    + "; the write-back did not pass the target's position after the comparison"
                    + " within "
                    + config.reverse().settleWait().toSeconds()
                    + " s: compared again in the next round"),
            begin);
      }
      changedAgain = again.get();
    }
    ReverseDecider.Decided decided =
        ReverseDecider.decide(table.definition(), diff, written.size(), upTo, changedAgain);
    if (decided.verified()) {
      marks.verify(migration, table.source(), table.sourceTable(), upTo, written.size());
    }
    return verdict(table, requestId, decided.kept(), decided.verdict(), begin);
  }

  /**
   * The signatures of the differing rows written back again after {@code upTo}, once the write-back
   * passed a mark written after the comparison; empty when it did not within the wait.
   */
  private Optional<Set<String>> changedAgain(
      ValidatedTable table, List<WrittenKey> written, DiffResult diff, String upTo) {
    String migration = table.migration();
    if (!marks.settle(migration, config.reverse().settleWait())) {
      return Optional.empty();
    }
    TableDef definition = table.definition();
    Map<String, String> textBySignature = new HashMap<>();
    for (WrittenKey k : written) {
      String signature = KeySignature.ofSourceKey(definition, k.key());
      if (signature != null) {
        textBySignature.put(signature, k.text());
      }
    }
    Map<String, String> signatureByText = new HashMap<>();
    for (String signature : ReverseDecider.signatures(definition, diff)) {
      String text = signature == null ? null : textBySignature.get(signature);
      if (text != null) {
        signatureByText.put(text, signature);
      }
    }
    Set<String> again = new HashSet<>();
    for (String text :
        keys.changedSince(
            migration,
            table.source(),
            table.sourceTable(),
            new ArrayList<>(signatureByText.keySet()),
            upTo)) {
      again.add(signatureByText.get(text));
    }
    return Optional.of(again);
  }

  private DeepTableValidator.Outcome verdict(
      ValidatedTable table, Long requestId, DiffResult diff, Verdict verdict, long begin) {
    long millis = (System.nanoTime() - begin) / 1_000_000;
    return validator.reverseOutcome(table, requestId, diff, verdict, millis);
  }

  private static DeepTableValidator.Outcome error(
      ValidatedTable table, Long requestId, String detail) {
    return new DeepTableValidator.Outcome(
        ErrorResults.of(table, ValidationMode.REVERSE, requestId, detail), null);
  }

  private static DiffResult empty() {
    return new DiffResult(0, 0, 0, null, null, 0, 0, 0, List.of(), true, 0, 0, 0);
  }
}
