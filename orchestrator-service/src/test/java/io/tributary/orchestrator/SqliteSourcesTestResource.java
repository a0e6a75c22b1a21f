package io.tributary.orchestrator;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gives the orchestrator under test a fresh sources directory (under {@code target/}) holding
 * {@value #SHOP}, a small SQLite shop: an INTEGER key, a TEXT key, a composite key, a quoted
 * reserved-word column, and REAL, NUMERIC, BLOB, untyped and NULL values. Tests add more files to
 * {@value #SOURCES_DIR}. Also makes the supervisor look every second.
 */
public class SqliteSourcesTestResource implements QuarkusTestResourceLifecycleManager {
  /** The orchestrator's setting this resource provides. */
  public static final String SOURCES_DIR = "tributary.orchestrator.sources-dir";

  /** The fixture's file name, relative to the sources directory. */
  public static final String SHOP = "shop.db";

  /** A plan migrating the shop fixture as source {@code legacy-shop} into {@code schema}. */
  public static String shopPlan(String migration, String schema) {
    return """
           migration: %s
           sources:
             - name: legacy-shop
               kind: sqlite
               path: %s
               schema: %s
           """
        .formatted(migration, SHOP, schema);
  }

  /**
   * A new directory within the sources directory of the orchestrator under test: a source's path
   * must be there (tributary.orchestrator.sources-dir confines them).
   */
  public static Path newDirectory(String prefix) throws IOException {
    Path sources = ConfigProvider.getConfig().getValue(SOURCES_DIR, Path.class);
    return Files.createTempDirectory(sources, prefix).toAbsolutePath();
  }

  @Override
  public Map<String, String> start() {
    try {
      Path target = Files.createDirectories(Path.of("target"));
      Path dir = Files.createTempDirectory(target, "orchestrator-sources-");
      createShop(dir.resolve(SHOP));
      return Map.of(
          SOURCES_DIR,
          dir.toAbsolutePath().toString(),
          "tributary.orchestrator.supervise-interval",
          "1s");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("Failed to create the SQLite fixture", e);
    }
  }

  static void createShop(Path file) throws SQLException {
    SqliteFiles.create(
        file,
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, balance REAL,"
            + " credit_limit NUMERIC, avatar BLOB, note)",
        "CREATE TABLE products (sku TEXT PRIMARY KEY, title VARCHAR(80) NOT NULL,"
            + " price DECIMAL(10,2), weight_kg DOUBLE)",
        "CREATE TABLE order_tags (order_id INTEGER NOT NULL, tag TEXT NOT NULL, \"group\" TEXT,"
            + " weight INTEGER, PRIMARY KEY (order_id, tag))",
        "INSERT INTO customers VALUES (1, 'Ada', 12.5, 1000.25, x'cafebabe', 'first'),"
            + " (2, 'Zoë', NULL, NULL, NULL, NULL), (3, '', -0.0, 7, x'', 42)",
        "INSERT INTO products VALUES ('SKU-1', 'Kettle', 19.99, 1.25), ('SKU-2', 'Tea', NULL,"
            + " NULL)",
        "INSERT INTO order_tags VALUES (1, 'gift', 'a', 1), (1, 'vip', NULL, NULL), (2, 'gift',"
            + " 'b', 2)");
  }

  @Override
  public void stop() {
    // The directory stays under target/ for inspection; `mvn clean` removes it.
  }
}
