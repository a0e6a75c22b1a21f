package io.tributary.validator.deep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.validator.Verdict;
import io.tributary.validator.changes.ChangedKeys;
import io.tributary.validator.changes.KeySignature;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.Difference;
import io.tributary.validator.target.BehindApplyRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides the cutover's two comparisons around its position P (DESIGN.md, cutover steps 1 and 4).
 *
 * <p>{@code precutover}, before the freeze, after apply passed P: a difference in a row changed
 * after P may be a change in flight and is left to the final gate; any other is a real one ({@code
 * MISMATCH}), since the row is as it was at P on both sides. {@code PENDING} when the table could
 * not be verified at P (rows identified by their whole values, differences not all listed, the
 * table snapshotted again): the final gate then compares it whole.
 *
 * <p>{@code final} with changed rows only, on frozen and drained sources: {@code MATCH} when every
 * row changed after P is equal on both sides and either the exact counts agree or the behind-apply
 * record shows no write outside apply.
 */
final class ChangedRowsDecider {
  private ChangedRowsDecider() {}

  /** A precutover comparison after its differences in rows changed after P were set aside. */
  record Precutover(Verdict verdict, DiffResult diff) {}

  static Precutover precutover(TableDef table, DiffResult diff, ChangedKeys changed) {
    if (diff.same()) {
      return new Precutover(new Verdict(ValidationStatus.MATCH, DeepDecider.summary(diff)), diff);
    }
    String cannot = cannotMatchKeys(table);
    if (cannot == null && changed != null && !changed.complete()) {
      cannot = changed.reset();
    }
    if (cannot == null && diff.differences().size() < diff.differingTotal()) {
      cannot =
          "only "
              + diff.differences().size()
              + " of "
              + diff.differingTotal()
              + " differences are listed (tributary.validator.deep.max-listed)";
    }
    if (cannot != null || changed == null) {
      return new Precutover(
          new Verdict(
              ValidationStatus.PENDING,
              "not verified at the cutover's position: "
                  + (cannot == null ? "the changes after it are unknown" : cannot)
                  + "; the final gate compares this table whole; "
                  + DeepDecider.summary(diff)),
          diff);
    }
    Set<String> after = new HashSet<>();
    for (ObjectNode key : changed.keys()) {
      String signature = KeySignature.ofSourceKey(table, key);
      if (signature != null) {
        after.add(signature);
      }
    }
    List<Difference> remaining = new ArrayList<>();
    int setAside = 0;
    for (Difference d : diff.differences()) {
      String signature = KeySignature.ofDifferenceKey(table, d.key());
      if (signature != null && after.contains(signature)) {
        setAside++;
      } else {
        remaining.add(d);
      }
    }
    DiffResult kept = diff.keeping(remaining);
    String aside =
        setAside
            + (setAside == 1 ? " difference" : " differences")
            + " in rows changed after the cutover's position left to the final gate";
    if (remaining.isEmpty()) {
      return new Precutover(new Verdict(ValidationStatus.MATCH, aside), kept);
    }
    return new Precutover(
        new Verdict(
            ValidationStatus.MISMATCH,
            DeepDecider.summary(kept)
                + " in rows not changed after the cutover's position; "
                + aside),
        kept);
  }

  /**
   * The final gate on the rows changed after P.
   *
   * @param sourceRows the source's exact count
   * @param targetRows the target's exact count
   * @param rejectedRows the table's rows apply rejected
   * @param changed the key comparison of the rows changed after P
   * @param unmet why the source was not frozen and drained, null when it was
   */
  static Verdict finalGate(
      long sourceRows,
      long targetRows,
      long rejectedRows,
      DiffResult changed,
      int changedKeys,
      String unmet) {
    String counts =
        "source "
            + sourceRows
            + " rows, target "
            + targetRows
            + (rejectedRows == 0 ? "" : " + " + rejectedRows + " rejected");
    String rows =
        changedKeys
            + (changedKeys == 1 ? " row" : " rows")
            + " changed after the cutover's position: "
            + DeepDecider.summary(changed);
    if (unmet != null) {
      return new Verdict(
          ValidationStatus.ERROR,
          "final validation needs a frozen, drained source: "
              + unmet
              + "; "
              + counts
              + "; "
              + rows);
    }
    boolean countsAgree = sourceRows == targetRows + rejectedRows;
    if (countsAgree && changed.same()) {
      return new Verdict(ValidationStatus.MATCH, counts + "; " + rows);
    }
    return new Verdict(
        ValidationStatus.MISMATCH,
        (countsAgree
                ? counts
                : "counts differ ("
                    + counts
                    + "): rows were added or removed on one side outside replication")
            + "; "
            + rows);
  }

  /**
   * The final gate on the rows changed after P, without counts (DESIGN.md cutover step 4): the
   * table was found equal at P, so it is equal now when every row changed after P is, and nothing
   * but apply wrote the target since the behind-apply record was installed (before the precutover
   * verification read the target). A row the source gained or lost after P is among the changed
   * rows: the comparison by key sees it.
   *
   * @param writes what the behind-apply record holds of the table
   * @param changed the key comparison of the rows changed after P
   * @param unmet why the source was not frozen and drained, null when it was
   */
  static Verdict finalGateUncounted(
      BehindApplyRecord.ForeignWrites writes, DiffResult changed, int changedKeys, String unmet) {
    String rows =
        changedKeys
            + (changedKeys == 1 ? " row" : " rows")
            + " changed after the cutover's position: "
            + DeepDecider.summary(changed);
    String counts = "counts not read under the freeze (equal at the cutover's position)";
    if (unmet != null) {
      return new Verdict(
          ValidationStatus.ERROR,
          "final validation needs a frozen, drained source: " + unmet + "; " + rows);
    }
    if (writes.writes() > 0) {
      return new Verdict(
          ValidationStatus.MISMATCH,
          "the target table was written outside apply since the cutover's prepare step: "
              + writes.writes()
              + (writes.writes() == 1 ? " statement" : " statements")
              + " ("
              + writes.who()
              + ", the first at "
              + writes.first()
              + "; tributary.foreign_writes); "
              + rows);
    }
    if (changed.same()) {
      return new Verdict(
          ValidationStatus.MATCH, counts + ", no write outside apply since; " + rows);
    }
    return new Verdict(ValidationStatus.MISMATCH, counts + "; " + rows);
  }

  /**
   * A fallback's gate without counts: the table's source was equal to the target at the switch —
   * found so by the cutover's final gate, and by the post-switch verification when it has decided
   * the table (the rows the window wrote back left out) — and the source's freeze guard has kept
   * every writer but the write-back out since; so the rows written back since the last round of
   * validation in reverse are the only ones that may differ.
   *
   * @param verifiedAfterSwitch the post-switch verification found the table equal (false: it had
   *     not decided it yet)
   * @param changed the comparison of those rows
   * @param changedKeys how many were compared
   * @param unmet why the source is not frozen and drained, null when it is
   */
  static Verdict fallbackGateUncounted(
      boolean verifiedAfterSwitch, DiffResult changed, int changedKeys, String unmet) {
    String rows =
        changedKeys
            + (changedKeys == 1 ? " row" : " rows")
            + " written back since the last round of validation in reverse: "
            + DeepDecider.summary(changed);
    if (unmet != null) {
      return new Verdict(
          ValidationStatus.ERROR,
          "the fallback's gate needs frozen, drained sides: " + unmet + "; " + rows);
    }
    String counts =
        "counts not read under the freeze (equal "
            + (verifiedAfterSwitch
                ? "after the switch by the post-switch verification"
                : "at the switch by the cutover's final gate; the post-switch verification has not"
                    + " decided the table")
            + "; the source's freeze guard kept every writer but the write-back out since)";
    return new Verdict(
        changed.same() ? ValidationStatus.MATCH : ValidationStatus.MISMATCH, counts + "; " + rows);
  }

  /** Why a listed difference's key cannot be matched with a change's key, null when it can. */
  static String cannotMatchKeys(TableDef table) {
    if (table.wholeRow()) {
      return "its rows are identified by their whole values";
    }
    return table.keyColumns().isEmpty() ? "it has no key columns" : null;
  }
}
