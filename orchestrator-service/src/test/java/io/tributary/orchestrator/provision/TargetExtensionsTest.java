package io.tributary.orchestrator.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.plan.PlanError;
import io.tributary.planning.PlanException;
import io.tributary.source.spi.intake.SchemaObject;
import io.tributary.source.spi.intake.SourceCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The extensions a plan's objects need, against what the target's server has. */
class TargetExtensionsTest {
  private static SchemaObject extension(String name) {
    return SchemaObject.made(
            SchemaObject.EXTENSION,
            name,
            "public." + name,
            List.of("CREATE EXTENSION IF NOT EXISTS \"" + name + "\" WITH SCHEMA \"public\""))
        .checking("made where the target database lacks it; needed by index shop.t_i uses " + name);
  }

  private static SourceCatalog source(List<SchemaObject> objects) {
    return new SourceCatalog(
        null, List.of(), List.of("CREATE TABLE t ()"), List.of(), List.of(), objects);
  }

  @Test
  @DisplayName(
      "An extension the database lacks is made first; one it has needs nothing; one the server"
          + " lacks is a plan error naming it and what needs it, under the source's field")
  void extensionsAreMadeOrRefused() {
    SchemaObject view = SchemaObject.made("view", "shop.v", "app.v", List.of("CREATE VIEW v"));
    ProvisioningRequest request =
        new ProvisioningRequest(
            null,
            "",
            "",
            List.of(
                source(List.of(extension("pg_trgm"), extension("citext"), view)),
                source(List.of(view))));
    ProvisioningRequest made =
        TargetExtensions.withExtensions(request, Map.of("pg_trgm", false, "citext", true));
    assertThat(made.sources().get(0).ddl())
        .containsExactly(
            "CREATE EXTENSION IF NOT EXISTS \"pg_trgm\" WITH SCHEMA \"public\"",
            "CREATE TABLE t ()");
    assertThat(made.sources().get(1)).isSameAs(request.sources().get(1));

    assertThatThrownBy(() -> TargetExtensions.withExtensions(request, Map.of("citext", true)))
        .isInstanceOfSatisfying(
            PlanException.class,
            e ->
                assertThat(e.errors())
                    .singleElement()
                    .satisfies(
                        (PlanError error) -> {
                          assertThat(error.field()).isEqualTo("sources[0]");
                          assertThat(error.message())
                              .startsWith("extension pg_trgm is not available on the target's")
                              .contains("index shop.t_i uses pg_trgm");
                        }));
  }
}
