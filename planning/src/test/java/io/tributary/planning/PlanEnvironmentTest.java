package io.tributary.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.plan.PlanError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanEnvironmentTest {
  private final PlanEnvironment environment =
      PlanEnvironment.of(
          Map.of(
                  "DB_PASS", "s3cret-pw",
                  "DB_PASS_LONG", "s3cret-pw-and-more",
                  "PIN", "123",
                  "TRIBUTARY_AUTH_TOKEN", "the-token")
              ::get);

  @Test
  void theOrchestratorsOwnSettingsAreNotReadable() {
    assertThat(environment.readable("DB_PASS")).isTrue();
    assertThat(environment.readable("quarkus_lower")).isTrue();
    for (String own :
        List.of(
            "QUARKUS_DATASOURCE_PASSWORD",
            "TRIBUTARY_AUTH_TOKEN",
            "KAFKA_BOOTSTRAP_SERVERS",
            "MP_MESSAGING_X",
            "SMALLRYE_CONFIG_X",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS")) {
      assertThat(environment.readable(own)).as(own).isFalse();
      assertThat(environment.value(own)).as(own).isNull();
    }
  }

  @Test
  void aConfiguredPatternIsTheWholeName() {
    PlanEnvironment planOnly = new PlanEnvironment(Map.of("PLAN_PW", "x")::get, "PLAN_.*");
    assertThat(planOnly.readable("PLAN_PW")).isTrue();
    assertThat(planOnly.readable("MY_PLAN_PW")).isFalse();
    assertThatThrownBy(() -> new PlanEnvironment(System::getenv, "("))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the names plans may read are not a regular expression");
  }

  @Test
  void redactPutsThePlaceholdersBackLongestFirst() {
    String plan = "url: postgresql://u:${DB_PASS}@h/d\nother: ${DB_PASS_LONG} ${PIN} ${UNSET}";
    assertThat(
            environment.redact(
                plan, "failed: password s3cret-pw-and-more then s3cret-pw, pin 123, TRIBUTARY"))
        .isEqualTo("failed: password ${DB_PASS_LONG} then ${DB_PASS}, pin 123, TRIBUTARY");
    PlanException e = new PlanException("sources[0].url", "cannot connect as u:s3cret-pw");
    assertThat(environment.redact(plan, e).errors())
        .containsExactly(new PlanError("sources[0].url", "cannot connect as u:${DB_PASS}"));
    assertThat(environment.redact(null, "s3cret-pw")).isEqualTo("s3cret-pw");
  }
}
