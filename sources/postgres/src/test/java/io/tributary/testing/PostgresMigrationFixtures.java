package io.tributary.testing;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresCatalogReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

/**
 * Records PostgreSQL migrations as the orchestrator's intake does, for tests of the other services
 * (see {@link MigrationFixtures}).
 */
public final class PostgresMigrationFixtures {
  static {
    // Register the JDBC driver with this class loader (see MigrationFixtures).
    try {
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private PostgresMigrationFixtures() {}

  /**
   * Records a PostgreSQL migration in state SNAPSHOTTING (source schema {@code public} to the given
   * target schema) and provisions its target enum types and tables as the orchestrator does (tables
   * apply can copy are made without their key, {@link io.tributary.common.sql.BulkLoad}).
   */
  public static List<TableDef> recordPostgresMigration(
      String jdbcUrl, String migration, String source, String schema, String sourceUrl)
      throws Exception {
    PostgresUrl url = PostgresUrl.parse(sourceUrl);
    PostgresCatalog catalog;
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials())) {
      catalog = PostgresCatalogReader.read(c, migration, source, Map.of("public", schema));
    }
    MigrationFixtures.record(
        jdbcUrl,
        migration,
        source,
        "postgres",
        sourceUrl,
        schema,
        TableDdlBuilder.provisionIsolated(
            List.of(schema), catalog.enums(), catalog.tables(), Map.of()),
        catalog.tables());
    return catalog.tables();
  }
}
