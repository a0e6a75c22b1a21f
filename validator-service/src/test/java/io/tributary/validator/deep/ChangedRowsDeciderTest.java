package io.tributary.validator.deep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.validator.Verdict;
import io.tributary.validator.changes.ChangedKeys;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.Difference;
import io.tributary.validator.diff.DifferenceKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChangedRowsDeciderTest {
  /** The source calls its key "id", the target "note_id". */
  private static final TableDef NOTES =
      new TableDef(
          "app",
          "main",
          "notes",
          "app",
          "notes",
          "t",
          List.of(
              new ColumnDef("id", "INTEGER", "note_id", TargetType.BIGINT, 1, false),
              new ColumnDef("body", "TEXT", "body", TargetType.TEXT, 0, true)));

  private static ObjectNode key(String name, long id) {
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode();
    key.put(name, id);
    return key;
  }

  private static Difference differing(long id) {
    return new Difference(
        DifferenceKind.DIFFERING, key("note_id", id), List.of("body"), null, null, null);
  }

  private static Difference missing(long id) {
    return new Difference(DifferenceKind.MISSING, key("note_id", id), null, null, null, null);
  }

  private static DiffResult diff(long missing, long differing, List<Difference> listed) {
    return new DiffResult(
        100, 100 - missing, 0, "a", "b", missing, 0, differing, listed, true, 3, 64, 2);
  }

  private static ChangedKeys changed(long... ids) {
    List<ObjectNode> keys = new ArrayList<>();
    for (long id : ids) {
      keys.add(key("id", id));
    }
    return new ChangedKeys(keys, ids.length, null);
  }

  @Test
  @DisplayName(
      "Before the freeze, differences in rows changed after P are left to the gate: nothing else"
          + " differs, so the table is verified")
  void allChangedAfterP() {
    ChangedRowsDecider.Precutover decided =
        ChangedRowsDecider.precutover(
            NOTES, diff(1, 1, List.of(missing(7), differing(9))), changed(7, 9, 30));
    assertThat(decided.verdict().status()).isEqualTo(ValidationStatus.MATCH);
    assertThat(decided.verdict().detail()).startsWith("2 differences in rows changed after");
    assertThat(decided.diff().differences()).isEmpty();
    assertThat(decided.diff().same()).isTrue();
  }

  @Test
  @DisplayName(
      "Before the freeze, a difference in a row not changed after P is a real one: MISMATCH,"
          + " listing only it")
  void unchangedRowDiffers() {
    ChangedRowsDecider.Precutover decided =
        ChangedRowsDecider.precutover(
            NOTES, diff(1, 1, List.of(missing(7), differing(9))), changed(7));
    assertThat(decided.verdict().status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(decided.diff().differences())
        .extracting(d -> d.key().toString())
        .containsExactly("{\"note_id\":9}");
    assertThat(decided.diff().differingRows()).isEqualTo(1);
    assertThat(decided.diff().missingRows()).isZero();
    assertThat(decided.verdict().detail()).contains("not changed after the cutover's position");
  }

  @Test
  @DisplayName(
      "Before the freeze, a table that cannot be told (differences not all listed, or changes"
          + " unknown) is PENDING: the gate compares it whole")
  void cannotTell() {
    assertThat(
            ChangedRowsDecider.precutover(NOTES, diff(5, 0, List.of(missing(7))), changed(7))
                .verdict())
        .extracting(Verdict::status)
        .isEqualTo(ValidationStatus.PENDING);
    ChangedKeys reset = new ChangedKeys(List.of(), 1, "the table was snapshotted again");
    Verdict v =
        ChangedRowsDecider.precutover(NOTES, diff(1, 0, List.of(missing(7))), reset).verdict();
    assertThat(v.status()).isEqualTo(ValidationStatus.PENDING);
    assertThat(v.detail()).contains("snapshotted again").contains("compares this table whole");
  }

  @Test
  @DisplayName(
      "Under the freeze: MATCH needs equal exact counts and equal changed rows; a row removed"
          + " behind apply's back shows in the counts")
  void finalGate() {
    DiffResult same = new DiffResult(3, 3, 0, null, null, 0, 0, 0, List.of(), true, 1, 1, 0);
    assertThat(ChangedRowsDecider.finalGate(100, 98, 2, same, 3, null).status())
        .isEqualTo(ValidationStatus.MATCH);
    Verdict deleted = ChangedRowsDecider.finalGate(100, 99, 0, same, 3, null);
    assertThat(deleted.status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(deleted.detail()).contains("counts differ");
    Verdict notFrozen = ChangedRowsDecider.finalGate(100, 100, 0, same, 3, "source written");
    assertThat(notFrozen.status()).isEqualTo(ValidationStatus.ERROR);
  }

  @Test
  @DisplayName(
      "a fallback's gate counts only a table the post-switch verification found different or could"
          + " not read; the"
          + " verdict says what stood for the counts")
  void fallbackGateProofs() {
    assertThat(CountFreeProof.afterSwitch("MATCH")).isEqualTo(CountFreeProof.SOURCE_GUARD);
    assertThat(CountFreeProof.afterSwitch(null)).isEqualTo(CountFreeProof.SOURCE_GUARD_SINCE_GATE);
    assertThat(CountFreeProof.afterSwitch("MISMATCH")).isEqualTo(CountFreeProof.NONE);
    assertThat(CountFreeProof.afterSwitch("ERROR")).isEqualTo(CountFreeProof.NONE);
    assertThat(CountFreeProof.afterSwitch("PENDING"))
        .isEqualTo(CountFreeProof.SOURCE_GUARD_SINCE_GATE);

    DiffResult same = new DiffResult(3, 3, 0, null, null, 0, 0, 0, List.of(), true, 1, 1, 0);
    Verdict verified = ChangedRowsDecider.fallbackGateUncounted(true, same, 3, null);
    assertThat(verified.status()).isEqualTo(ValidationStatus.MATCH);
    assertThat(verified.detail())
        .contains("equal after the switch by the post-switch verification")
        .contains("3 rows written back");
    Verdict sinceGate = ChangedRowsDecider.fallbackGateUncounted(false, same, 3, null);
    assertThat(sinceGate.status()).isEqualTo(ValidationStatus.MATCH);
    assertThat(sinceGate.detail())
        .contains("equal at the switch by the cutover's final gate")
        .contains("has not decided the table");
    Verdict differs =
        ChangedRowsDecider.fallbackGateUncounted(false, diff(0, 1, List.of(differing(2))), 3, null);
    assertThat(differs.status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(ChangedRowsDecider.fallbackGateUncounted(false, same, 3, "not drained").status())
        .isEqualTo(ValidationStatus.ERROR);
  }
}
