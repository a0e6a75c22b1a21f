package io.tributary.orchestrator.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.orchestrator.cutover.Cutover;
import io.tributary.source.spi.freeze.SourceFreezeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Security review M1: a fallback's freeze record ({@code tributary.cutovers.frozen}, shown by
 * {@code GET /migrations/{id}/fallback} and {@code fallback-status --json}) holds no PgBouncer
 * admin password; the password is taken from the plan when the console is reached.
 */
class TargetFreezeSecretsTest {
  private static final String ADMIN = "postgresql://pgb:s3cret-pw@127.0.0.1:6432/pgbouncer";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static CutoverPlan plan(String admin) {
    return new CutoverPlan(
        Map.of(),
        true,
        Map.of(),
        List.of(
            new CutoverAction.PgBouncer(
                "letta", admin, "letta", Path.of("/etc/pgbouncer/pgbouncer.ini"), null, null)),
        false);
  }

  @Test
  @DisplayName("The freeze record names the console without its password; use takes the plan's")
  void recordHoldsNoPassword() throws Exception {
    CutoverPlan plan = plan(ADMIN);
    List<TargetFreeze.Frozen> intents =
        new TargetFreeze(null)
            .intents(plan, List.of("letta"), "postgresql://t:x@h/d", List.of(), Duration.ZERO);
    String json = MAPPER.writeValueAsString(intents);
    assertThat(json).doesNotContain("s3cret-pw").contains("pgb@127.0.0.1:6432/pgbouncer");
    List<TargetFreeze.Frozen> read =
        MAPPER.readValue(json, new TypeReference<List<TargetFreeze.Frozen>>() {});
    assertThat(TargetFreeze.adminUrl(plan, read.get(0))).isEqualTo(ADMIN);
  }

  @Test
  @DisplayName("A record of before (the whole URL, no source) is still undone")
  void olderRecords() throws Exception {
    List<TargetFreeze.Frozen> old =
        MAPPER.readValue(
            "[{\"how\":\"pgbouncer-pause\",\"where\":\"" + ADMIN + "\",\"items\":[\"letta\"]}]",
            new TypeReference<List<TargetFreeze.Frozen>>() {});
    assertThat(TargetFreeze.adminUrl(plan(ADMIN), old.get(0))).isEqualTo(ADMIN);
    TargetFreeze.Frozen shown =
        new TargetFreeze.Frozen(
            "pgbouncer-pause", "pgb@127.0.0.1:6432/pgbouncer", List.of("letta"), null);
    assertThat(TargetFreeze.adminUrl(plan(ADMIN), shown)).isEqualTo(ADMIN);
    TargetFreeze.Frozen gone =
        new TargetFreeze.Frozen(
            "pgbouncer-pause", "other@10.0.0.9:6432/pgbouncer", List.of("letta"), "letta");
    assertThatThrownBy(() -> TargetFreeze.adminUrl(plan(ADMIN), gone))
        .isInstanceOf(SourceFreezeException.class)
        .hasMessageContaining("RESUME [letta] there by hand");
  }

  @Test
  @DisplayName("GET /fallback shows a row recorded before the fix without its passwords")
  void answersRedactOlderRows() {
    Cutover row =
        new Cutover(
            7,
            "m",
            "op",
            null,
            null,
            "done",
            "[{\"how\":\"pgbouncer-pause\",\"where\":\"" + ADMIN + "\",\"items\":[\"letta\"]}]",
            null,
            null,
            null,
            null,
            null,
            null,
            "pgbouncer: database letta points at the source again (host=db port=5432"
                + " dbname=letta password=entry-pw), resumed");
    Cutover shown = row.redacted();
    assertThat(shown.frozenJson()).doesNotContain("s3cret-pw").contains("pgb:***@127.0.0.1");
    assertThat(shown.detail()).doesNotContain("entry-pw").contains("password=***");
  }
}
