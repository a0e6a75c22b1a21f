package io.tributary.source.postgres.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresExtensionStatementBuilderTest {
  @Test
  @DisplayName(
      "An extension is made in the schema that holds it on the source, but in public when that"
          + " schema is one the migration moves")
  void schemaOfTheSourceUnlessMigrated() {
    RequiredExtension inExtensions = new RequiredExtension("citext", "extensions", List.of("x"));
    RequiredExtension inMigrated = new RequiredExtension("pg_trgm", "app", List.of("y"));
    assertThat(PostgresExtensionStatementBuilder.create(inExtensions, List.of("app")))
        .containsExactly(
            "CREATE SCHEMA IF NOT EXISTS \"extensions\"",
            "CREATE EXTENSION IF NOT EXISTS \"citext\" WITH SCHEMA \"extensions\"");
    assertThat(PostgresExtensionStatementBuilder.create(inMigrated, List.of("app")))
        .containsExactly("CREATE EXTENSION IF NOT EXISTS \"pg_trgm\" WITH SCHEMA \"public\"");
    assertThat(inMigrated.note()).isEqualTo("extension pg_trgm is needed on the target: y");
  }
}
