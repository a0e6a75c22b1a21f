package io.tributary.orchestrator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The warning the plan's answer gives when apply cannot keep the target's triggers quiet. */
class ReplicaWriteCheckTest {
  @Test
  void theWarningNamesEveryTriggerAndRuleAndWhatToGrant() {
    List<String> notes =
        ReplicaWriteCheck.withWarning(
            List.of("app: a note"),
            List.of(
                new PlannedObject(
                    "app", "trigger", "public.film.touch", "dvd.film.touch", true, null, null),
                new PlannedObject("app", "rule", "public.film.r", "dvd.film.r", true, null, null)));
    assertThat(notes).hasSize(2).endsWith("app: a note");
    assertThat(notes.get(0))
        .startsWith("WARNING: Tributary's role on the target may not set session_replication_role")
        .contains("the 2 trigger(s) and rule(s) made on the target (dvd.film.touch, dvd.film.r)")
        .contains("GRANT SET ON PARAMETER session_replication_role");
  }
}
