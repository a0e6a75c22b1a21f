package io.tributary.validator.deep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.common.value.Uuid5;
import io.tributary.validator.AgentsTable;
import io.tributary.validator.changes.KeySignature;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.Difference;
import io.tributary.validator.diff.DifferenceKind;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostSwitchDeciderTest {
  /** Seed 002's shape: text ids in the source, their uuid5 on the target. */
  private static final TableDef AGENTS =
      AgentsTable.of("app", UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"));

  private static String written(String id) {
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode().put("id", id);
    return KeySignature.ofSourceKey(AGENTS, key);
  }

  private static Difference differing(String id) {
    ObjectNode key =
        ChangeEventCodec.MAPPER
            .createObjectNode()
            .put("id", Uuid5.remap(AGENTS.keyColumns().get(0).remap(), id).toString());
    return new Difference(DifferenceKind.DIFFERING, key, List.of("name"), null, null, null);
  }

  private static DiffResult diff(long differing, List<Difference> listed, boolean complete) {
    return new DiffResult(
        9, 9, 0, null, null, 0, 0, differing, listed, complete, 1, 4, differing == 0 ? 0 : 1);
  }

  @Test
  @DisplayName("Equal sides: MATCH, saying how many written-back rows were left out")
  void equal() {
    PostSwitchDecider.Decided d =
        PostSwitchDecider.decide(AGENTS, diff(0, List.of(), true), 2, Set.of(), "m");
    assertThat(d.again()).isFalse();
    assertThat(d.verdict().status()).isEqualTo(ValidationStatus.MATCH);
    assertThat(d.verdict().detail())
        .isEqualTo(
            "the source as frozen at the switch and the target hold the same 9 rows (2 rows the"
                + " fallback window wrote back left out)");
  }

  @Test
  @DisplayName(
      "A row the target changed during the comparison, written back since, is not a difference")
  void changedDuringTheComparison() {
    PostSwitchDecider.Decided d =
        PostSwitchDecider.decide(
            AGENTS,
            diff(1, List.of(differing("agent-3")), true),
            0,
            Set.of(written("agent-3")),
            "m");
    assertThat(d.verdict().status()).isEqualTo(ValidationStatus.MATCH);
    assertThat(d.verdict().detail()).contains("1 row changed on the target during the comparison");
    assertThat(d.kept().same()).isTrue();
  }

  @Test
  @DisplayName(
      "A row never written back that differs is real: MISMATCH listing only it, recommending a"
          + " fallback")
  void real() {
    PostSwitchDecider.Decided d =
        PostSwitchDecider.decide(
            AGENTS,
            diff(2, List.of(differing("agent-3"), differing("agent-4")), true),
            0,
            Set.of(written("agent-3")),
            "m1");
    assertThat(d.verdict().status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(d.verdict().detail())
        .startsWith("1 row differs")
        .contains("never wrote back")
        .contains("fallback recommended (POST /migrations/m1/fallback)")
        .doesNotContain("at least");
    assertThat(d.kept().differences()).containsExactly(differing("agent-4"));
    assertThat(d.kept().differingRows()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "Differences not all listed, every listed one written back: compared again (no verdict);"
          + " a real one among them is a MISMATCH at least")
  void notAllListed() {
    PostSwitchDecider.Decided again =
        PostSwitchDecider.decide(
            AGENTS,
            diff(5, List.of(differing("agent-3")), true),
            0,
            Set.of(written("agent-3")),
            "m");
    assertThat(again.again()).isTrue();

    PostSwitchDecider.Decided real =
        PostSwitchDecider.decide(
            AGENTS, diff(5, List.of(differing("agent-4")), false), 0, Set.of(), "m");
    assertThat(real.verdict().status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(real.verdict().detail()).contains("(at least; not all differences were listed)");
  }
}
