package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.cdc.apply.TableCatalog;
import io.tributary.common.catalog.TableDef;
import io.tributary.testing.TributaryTestResource;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
class TableCatalogIT {
  @ConfigProperty(name = "tributary.test.jdbc-url")
  String jdbcUrl;

  @Inject TableCatalog catalog;

  @Test
  @DisplayName("Apply reads the topics of migrations until they are cut over, not after")
  void cutOverMigrationsAreLeftOut() throws Exception {
    Path dir = Files.createTempDirectory("tributary-it");
    Path file = dir.resolve("notes.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    }
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, "catalog", "notes", "notes", file);
    String topic = tables.get(0).topic();
    catalog.reload();
    assertThat(catalog.topics()).contains(topic);
    assertThat(catalog.find(topic)).isNotNull();

    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
      c.createStatement()
          .execute("UPDATE tributary.migrations SET state = 'CUT_OVER' WHERE id = 'catalog'");
    }
    catalog.reload();
    assertThat(catalog.topics()).doesNotContain(topic);
    assertThat(catalog.find(topic)).isNull();
  }
}
