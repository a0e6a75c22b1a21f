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

class ReverseDeciderTest {
  /** Seed 002's shape: text ids in the source, their uuid5 on the target. */
  private static final TableDef AGENTS =
      AgentsTable.of("app", UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"));

  private static ObjectNode sourceKey(String id) {
    return ChangeEventCodec.MAPPER.createObjectNode().put("id", id);
  }

  /** A listed difference's key: the target's uuid5 of the source id. */
  private static Difference differing(String id) {
    ObjectNode key =
        ChangeEventCodec.MAPPER
            .createObjectNode()
            .put("id", Uuid5.remap(AGENTS.keyColumns().get(0).remap(), id).toString());
    return new Difference(DifferenceKind.DIFFERING, key, List.of("name"), null, null, null);
  }

  private static DiffResult diff(long differing, List<Difference> listed) {
    return new DiffResult(
        3, 3, 0, null, null, 0, 0, differing, listed, true, 1, 1, differing == 0 ? 0 : 1);
  }

  @Test
  @DisplayName("Equal written-back rows are verified: the table's position moves up")
  void equal() {
    ReverseDecider.Decided d =
        ReverseDecider.decide(AGENTS, diff(0, List.of()), 3, "0/5", Set.of());
    assertThat(d.verdict().status()).isEqualTo(ValidationStatus.MATCH);
    assertThat(d.verdict().detail()).isEqualTo("3 rows written back up to 0/5: equal");
    assertThat(d.verified()).isTrue();
  }

  @Test
  @DisplayName(
      "A differing row the target changed again since is left to the next round; the table is"
          + " verified up to the position")
  void changedAgain() {
    Difference agent3 = differing("agent-3");
    String signature = KeySignature.ofSourceKey(AGENTS, sourceKey("agent-3"));
    assertThat(ReverseDecider.signatures(AGENTS, diff(1, List.of(agent3))))
        .containsExactly(signature);
    ReverseDecider.Decided d =
        ReverseDecider.decide(AGENTS, diff(1, List.of(agent3)), 3, "0/5", Set.of(signature));
    assertThat(d.verdict().status()).isEqualTo(ValidationStatus.MATCH);
    assertThat(d.verdict().detail()).contains("1 row changed again on the target since");
    assertThat(d.kept().same()).isTrue();
    assertThat(d.verified()).isTrue();
  }

  @Test
  @DisplayName(
      "A differing row not written back again is a real difference: MISMATCH listing only it, the"
          + " position stays")
  void real() {
    Difference agent3 = differing("agent-3");
    Difference agent4 = differing("agent-4");
    String again = KeySignature.ofSourceKey(AGENTS, sourceKey("agent-3"));
    ReverseDecider.Decided d =
        ReverseDecider.decide(AGENTS, diff(2, List.of(agent3, agent4)), 3, "0/5", Set.of(again));
    assertThat(d.verdict().status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(d.kept().differences()).containsExactly(agent4);
    assertThat(d.kept().differingRows()).isEqualTo(1);
    assertThat(d.verified()).isFalse();
  }

  @Test
  @DisplayName("Differences not all listed cannot be told apart: PENDING, the position stays")
  void notAllListed() {
    ReverseDecider.Decided d =
        ReverseDecider.decide(AGENTS, diff(5, List.of(differing("a"))), 9, "0/5", Set.of());
    assertThat(d.verdict().status()).isEqualTo(ValidationStatus.PENDING);
    assertThat(d.verified()).isFalse();
  }
}
