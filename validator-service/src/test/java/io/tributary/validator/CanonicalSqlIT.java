package io.tributary.validator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.sql.CanonicalSqlBuilder;
import io.tributary.common.value.RowCanonicalizer;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RangeSums;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowDigester;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.testing.TributaryTestResource;
import io.tributary.validator.pgtable.PostgresRowScanner;
import io.tributary.validator.pgtable.PostgresTableReader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The database computes exactly the hashes Java computes ({@link CanonicalSqlBuilder} against
 * {@link RowDigester}), value for value, for every type it claims: unicode beyond the BMP, empty
 * and NULL text, numeric scales and NaN, bytea, uuids, timestamps before 1970 and infinite ones
 * (not {@code -infinity}: the reactive client decodes it as a finite instant, see README).
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
@TestProfile(CanonicalSqlIT.Quiet.class)
class CanonicalSqlIT {

  /** No scheduled validation. */
  public static class Quiet implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("tributary.validator.enabled", "false");
    }
  }

  private static final TableDef TABLE =
      new TableDef(
          "s",
          "main",
          "values",
          "canon",
          "values",
          "t",
          List.of(
              new ColumnDef("id", "", "id", TargetType.BIGINT, 1, false),
              new ColumnDef("name", "", "name", TargetType.TEXT, 2, false),
              new ColumnDef("i", "", "i", TargetType.INTEGER, 0, true),
              new ColumnDef("s", "", "s", TargetType.SMALLINT, 0, true),
              new ColumnDef(
                  "v", "", "v", TargetType.TEXT, 0, true, "character varying(20)", null, null),
              new ColumnDef("b", "", "b", TargetType.BOOLEAN, 0, true),
              new ColumnDef("u", "", "u", TargetType.UUID, 0, true),
              new ColumnDef("by", "", "by", TargetType.BYTEA, 0, true),
              new ColumnDef("n", "", "n", TargetType.NUMERIC, 0, true, "numeric(12,4)", null, null),
              new ColumnDef("n2", "", "n2", TargetType.NUMERIC, 0, true),
              new ColumnDef("ts", "", "ts", TargetType.TIMESTAMP, 0, true),
              new ColumnDef("tz", "", "tz", TargetType.TIMESTAMPTZ, 0, true)));

  @Inject Pool pool;

  @Test
  @DisplayName("Key hashes and row lanes computed in PostgreSQL equal those computed in Java")
  void databaseHashesEqualJavaHashes() {
    execute(
        """
        CREATE SCHEMA canon;
        CREATE TABLE canon."values" (
          id bigint, name text, i integer, s smallint, v varchar(20), b boolean, u uuid,
          "by" bytea, n numeric(12,4), n2 numeric, ts timestamp, tz timestamptz,
          PRIMARY KEY (id, name));
        INSERT INTO canon."values" VALUES
          (1, '', 0, 0, '', false, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '', 12.5, 0,
           '1969-12-31 23:59:59.999999', '2025-03-01 10:00:00.123456+02'),
          (2, 'Zoë 日本 🎁 x', -2147483648, -32768, 'ünïcode 🎁', true, NULL, '\\x00ff10', -3.14,
           1e20, '2025-01-01 00:00:00', '1900-01-01 00:00:00+00'),
          (3, 'NULLs', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (-4, '🎁🎁', 2147483647, 32767, 'x', true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12',
           '\\xdeadbeef', 'NaN', 100.000, 'infinity', 'infinity'),
          (9223372036854775807, 'max', 1, 1, 'y', false, NULL, NULL, 0.0001, -0.5,
           '0044-03-15 12:00:00.5', '2262-04-11 23:47:16.854775+00');
        """);
    assertThat(CanonicalSqlBuilder.supports(TABLE.columns())).isTrue();

    Map<Long, long[]> java = new HashMap<>();
    Map<Long, String> javaText = new HashMap<>();
    RowDigester digester = RowDigester.of(TABLE);
    scanner()
        .scan(
            new RowScanner.RowSink() {
              @Override
              public void row(List<Object> values) {
                long[] lanes = new long[2];
                digester.rowLanes(values, lanes);
                long key = digester.keyHash(digester.keyText(values));
                java.put(key, new long[] {lanes[0], lanes[1]});
                javaText.put(key, RowCanonicalizer.canonical(values));
              }

              @Override
              public void undecodable(ObjectNode k, String r) {}

              @Override
              public void rejected() {}
            });
    assertThat(java).hasSize(5);

    Map<Long, long[]> database = new HashMap<>();
    for (Row row :
        pool.query(CanonicalSqlBuilder.selectHashes(TABLE))
            .execute()
            .await()
            .atMost(Duration.ofSeconds(30))) {
      database.put(row.getLong(0), new long[] {row.getLong(1), row.getLong(2)});
    }
    assertThat(database.keySet()).containsExactlyInAnyOrderElementsOf(java.keySet());
    for (Row row :
        pool.query(
                "SELECT "
                    + CanonicalSqlBuilder.lane(CanonicalSqlBuilder.keyText(TABLE), 0)
                    + ", "
                    + CanonicalSqlBuilder.rowText(TABLE)
                    + " FROM canon.\"values\"")
            .execute()
            .await()
            .atMost(Duration.ofSeconds(30))) {
      assertThat(row.getString(1)).isEqualTo(javaText.get(row.getLong(0)));
    }
    java.forEach((key, lanes) -> assertThat(database.get(key)).as("row %s", key).isEqualTo(lanes));

    // sums by range: one read of the database against Java's
    for (int depth : new int[] {0, 1, 3}) {
      RangeSums inDatabase = new RangeSums(1 << depth);
      assertThat(scanner().sumInDatabase(KeyRanges.uniform(depth), inDatabase)).isTrue();
      RangeSums inJava = new RangeSums(1 << depth);
      KeyRanges ranges = KeyRanges.uniform(depth);
      java.forEach((key, lanes) -> inJava.add(ranges.locate(key), lanes[0], lanes[1]));
      for (int i = 0; i < (1 << depth); i++) {
        assertThat(inDatabase.sameAs(inJava, i)).as("range %d of depth %d", i, depth).isTrue();
      }
      assertThat(inDatabase.totalHex()).isEqualTo(inJava.totalHex());
    }

    // continuous validation's target checksum: hashed in the database = streamed and hashed here
    PostgresTableReader.Rows summed = readTarget(true);
    PostgresTableReader.Rows streamed = readTarget(false);
    assertThat(summed.rows()).isEqualTo(5);
    assertThat(summed).isEqualTo(streamed);
    execute("CREATE TABLE canon.empty (LIKE canon.\"values\")");
    TableDef empty = new TableDef("s", "main", "empty", "canon", "empty", "t", TABLE.columns());
    assertThat(readTarget(empty, true)).isEqualTo(readTarget(empty, false));

    // split ranges (three numbers a row) and the row-by-row filter on key-hash prefixes
    KeyRanges split = KeyRanges.uniform(1).refine(new int[] {0, 1}, new int[] {2, 0});
    RangeSums splitSums = new RangeSums(split.size());
    assertThat(scanner().sumInDatabase(split, splitSums)).isTrue();
    assertThat(splitSums.totalRows()).isEqualTo(5);
    long someKey = java.keySet().iterator().next();
    KeyRanges one = KeyRanges.uniform(8).refine(new int[] {(int) (someKey >>> 56)}, new int[] {0});
    List<List<Object>> filtered = new ArrayList<>();
    scanner()
        .scan(
            one,
            new RowScanner.RowSink() {
              @Override
              public void row(List<Object> values) {
                filtered.add(new ArrayList<>(values));
              }

              @Override
              public void undecodable(ObjectNode k, String r) {}

              @Override
              public void rejected() {}
            });
    assertThat(filtered).isNotEmpty();
    filtered.forEach(
        values ->
            assertThat(one.locate(digester.keyHash(digester.keyText(values)))).isNotNegative());

    // prefixes of several lengths: exactly the rows Java places in the ranges, each once
    KeyRanges mixed = KeyRanges.uniform(2).refine(new int[] {0, 2, 3}, new int[] {0, 3, 1});
    List<Long> read = new ArrayList<>();
    scanner()
        .scan(
            mixed,
            new RowScanner.RowSink() {
              @Override
              public void row(List<Object> values) {
                read.add(digester.keyHash(digester.keyText(values)));
              }

              @Override
              public void undecodable(ObjectNode k, String r) {}

              @Override
              public void rejected() {}
            });
    assertThat(read)
        .containsExactlyInAnyOrderElementsOf(
            java.keySet().stream().filter(k -> mixed.locate(k) >= 0).toList());
  }

  private PostgresRowScanner scanner() {
    return new PostgresRowScanner(
        () -> pool,
        TABLE,
        RejectedKeys.none(),
        100,
        Duration.ofSeconds(30),
        e -> new IllegalStateException(e));
  }

  private PostgresTableReader.Rows readTarget(boolean inDatabase) {
    return readTarget(TABLE, inDatabase);
  }

  private PostgresTableReader.Rows readTarget(TableDef table, boolean inDatabase) {
    return pool.withTransaction(c -> PostgresTableReader.read(c, table, true, 2, inDatabase, 1))
        .await()
        .atMost(Duration.ofSeconds(30));
  }

  /**
   * Runs the test's own DDL and writes as the login role (the validator's connections read as
   * tributary_validator), then lets that role read what they made.
   */
  private void execute(String sql) {
    pool.query(
            "SET ROLE NONE; "
                + sql
                + "; GRANT USAGE ON SCHEMA canon TO tributary_validator;"
                + " GRANT SELECT ON ALL TABLES IN SCHEMA canon TO tributary_validator;"
                + " RESET ROLE")
        .execute()
        .await()
        .atMost(Duration.ofSeconds(30));
  }
}
