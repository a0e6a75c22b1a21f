package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.auth.Operator;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.source.postgres.capture.PostgresCaptureNames;
import io.tributary.testing.TributaryTestResource;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL source with the types real schemas use (pgvector, jsonb, arrays, enums, numeric,
 * bytea, timestamps, uuid, camelCase and reserved-word names, a composite key, large TOASTed
 * values) is snapshotted and streamed through Debezium while a writer inserts, updates, deletes and
 * changes keys; the target ends equal to the source, row for row in text form. Then the migration
 * ends and the slot and publication disappear and the replica identity is restored.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
class PostgresCaptureIT {
  private static final Logger LOG = Logger.getLogger(PostgresCaptureIT.class);
  private static final int USERS = 3_000;
  private static final int ITEMS = 6_000;

  @ConfigProperty(name = "tributary.test.jdbc-url")
  String jdbcUrl;

  @Test
  @DisplayName("PostgreSQL source: snapshot and streaming with a concurrent writer end equal")
  void captureWhileWriting() throws Exception {
    String sourceUrl = createSourceDatabase("legacy_pg");
    PostgresUrl url = PostgresUrl.parse(sourceUrl);
    List<TableDef> tables =
        ControlFixtures.recordPostgresMigration(jdbcUrl, "pgm", "letta", "letta_agents", sourceUrl);
    assertThat(tables).extracting(TableDef::sourceTable).contains("user", "OrderItems", "empty");

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> write(url, stop, writes, failure), "pg-writer");
    writer.start();
    try {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> snapshotsDone("pgm") == tables.size());
      int atSnapshotEnd = writes.get();
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> failure.get() != null || writes.get() >= atSnapshotEnd + 1_500);
    } finally {
      stop.set(true);
      writer.join();
    }
    assertThat(failure.get()).as("the writer's failure").isNull();
    // an update that leaves the large values (out of line, TOASTed) unchanged
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE \"user\" SET \"limit\" = \"limit\" + 1000 WHERE id % 10 = 3");
    }

    try (Connection source = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Connection target = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
      for (TableDef table : tables) {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () ->
                    assertThat(
                            ControlFixtures.rowsDigest(
                                target, "letta_agents", table.targetTable(), table))
                        .as("rows of %s (rejects: %s)", table.sourceTable(), rejects(target))
                        .isEqualTo(
                            ControlFixtures.rowsDigest(
                                source, "public", table.sourceTable(), table)));
      }
      assertThat(rejects(target)).as("rejected rows").isEmpty();
      assertThat(
              count(
                  target,
                  "SELECT count(*) FROM letta_agents.\"user\" WHERE length(big) > 4000"
                      + " AND large_vec IS NOT NULL"))
          .as("large values kept through updates that did not change them")
          .isEqualTo(count(source, "SELECT count(*) FROM \"user\""));
      assertThat(
              count(
                  source,
                  "SELECT count(*) FROM pg_class WHERE relname = 'user' AND relreplident = 'f'"))
          .as("replica identity FULL on the table with TOASTable columns")
          .isEqualTo(1);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        count(
                            jdbcUrl,
                            "SELECT count(*) FROM tributary.sources WHERE migration_id = 'pgm'"
                                + " AND capture_checked_at IS NOT NULL"
                                + " AND capture_retained_bytes >= 0"))
                    .isEqualTo(1));
    LOG.infof("PostgreSQL capture: %d writes made during snapshot and streaming", writes.get());

    // a slot named as Tributary names them that no migration uses (left by a deleted one) is
    // reported with the statement that drops it, and never dropped by capture itself
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      st.execute("SELECT pg_create_logical_replication_slot('tributary_gone_x_1234', 'pgoutput')");
    }
    String drop =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    Operator.given()
                        .get("/cdc/status")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString(
                            "straySlots['pgm/letta'].find { it.slot == 'tributary_gone_x_1234' }"
                                + ".drop"),
                d -> d != null);
    assertThat(drop).isEqualTo("SELECT pg_drop_replication_slot('tributary_gone_x_1234')");
    Operator.given()
        .get("/cdc/status")
        .then()
        .body(
            "straySlots['pgm/letta'].slot",
            not(hasItem(PostgresCaptureNames.of("pgm", "letta").slot())));
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      st.execute(drop);
    }

    // a fence: markers on every table topic, and apply commits past them
    long fence =
        Operator.given()
            .post("/cdc/sources/{m}/{s}/fence", "pgm", "letta")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getLong("id");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                Operator.given()
                    .get("/cdc/fences/{id}", fence)
                    .then()
                    .statusCode(200)
                    .body("sourcePosition", notNullValue())
                    .body("offsets.size()", equalTo(tables.size()))
                    .body("applied", equalTo(true)));
    Operator.given()
        .post("/cdc/sources/{m}/{s}/fence", "pgm", "nope")
        .then()
        .statusCode(404)
        .body("error", containsString("no source 'nope'"));

    // the migration ends: slot and publication are dropped, the replica identity restored
    try (Connection target = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement st = target.createStatement()) {
      st.executeUpdate("UPDATE tributary.migrations SET state = 'CUT_OVER' WHERE id = 'pgm'");
    }
    PostgresCaptureNames names = PostgresCaptureNames.of("pgm", "letta");
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials())) {
                assertThat(
                        count(
                            c,
                            "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                                + names.slot()
                                + "'"))
                    .isZero();
                assertThat(
                        count(
                            c,
                            "SELECT count(*) FROM pg_publication WHERE pubname = '"
                                + names.publication()
                                + "'"))
                    .isZero();
                assertThat(
                        count(
                            c,
                            "SELECT count(*) FROM pg_class WHERE relname = 'user'"
                                + " AND relreplident = 'd'"))
                    .isEqualTo(1);
              }
            });
  }

  /** A database in the test cluster with the tables a Letta-like application has. */
  private String createSourceDatabase(String name) throws SQLException {
    URI jdbc = URI.create(jdbcUrl.substring("jdbc:".length()));
    String sourceUrl =
        "postgresql://postgres:postgres@" + jdbc.getHost() + ":" + jdbc.getPort() + "/" + name;
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
      st.execute("CREATE DATABASE " + name);
    }
    PostgresUrl url = PostgresUrl.parse(sourceUrl);
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials());
        Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION vector");
      st.execute("CREATE TYPE mood AS ENUM ('happy', 'sad', 'it''s complicated')");
      st.execute(
          """
          CREATE TABLE "user" (
            id bigint PRIMARY KEY,
            "displayName" text,
            "limit" integer NOT NULL DEFAULT 0,
            mood mood,
            tags text[],
            scores integer[],
            doc jsonb,
            meta json,
            amount numeric(12,3),
            ratio double precision,
            created timestamptz,
            born date,
            seen timestamp(3),
            photo bytea,
            uid uuid,
            active boolean,
            embedding vector(3),
            half halfvec(3),
            sparse sparsevec(5),
            big text,
            large_vec vector(1200))""");
      st.execute(
          """
          CREATE TABLE "OrderItems" (
            "orderId" integer, line integer, qty integer NOT NULL, note varchar(40),
            PRIMARY KEY ("orderId", line))""");
      st.execute("CREATE TABLE empty (id serial PRIMARY KEY, v text)");
      st.execute(
          """
          INSERT INTO "user"
          SELECT g, 'User ' || g, g % 100, (ARRAY['happy','sad','it''s complicated'])[1 + g % 3]::mood,
                 ARRAY['a' || g, NULL, 'quote"d,'], ARRAY[g, g + 1],
                 jsonb_build_object('n', g, 'nested', jsonb_build_array(1, 'two', NULL)),
                 '{"raw": true}'::json, g * 1.001, g / 7.0,
                 timestamptz '2024-01-31 10:15:30.123456+02' + g * interval '1 minute',
                 date '1999-12-31' + g, timestamp '2020-02-29 23:59:59.999' + g * interval '1 second',
                 decode(md5(g::text), 'hex'), md5(g::text)::uuid, g % 2 = 0,
                 ARRAY[g, -g, 0.5]::vector, ARRAY[1.5, g % 10, -2]::halfvec,
                 ('{1:' || g || ',5:-1}/5')::sparsevec,
                 repeat(md5(g::text), 150),
                 (SELECT array_agg((g + i) % 97 / 3.0)::vector FROM generate_series(1, 1200) i)
            FROM generate_series(1, $ROWS) g"""
              .replace("$ROWS", Integer.toString(USERS)));
      st.execute(
          """
          INSERT INTO "OrderItems"
          SELECT g / 4, g % 4, g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ' || g END
            FROM generate_series(4, $ROWS) g"""
              .replace("$ROWS", Integer.toString(ITEMS + 3)));
    }
    return sourceUrl;
  }

  /** Inserts, updates (some leaving large values unchanged), deletes and key changes. */
  private static void write(
      PostgresUrl url,
      AtomicBoolean stop,
      AtomicInteger writes,
      AtomicReference<Throwable> failure) {
    Random random = new Random(42);
    int nextId = USERS + 1;
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials())) {
      PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO \"user\" (id, \"displayName\", mood, doc, big, large_vec, created)"
                  + " SELECT ?, ?, 'sad', '{\"new\": 1}', repeat('x', 5000),"
                  + " (SELECT array_agg(i / 10.0)::vector FROM generate_series(1, 1200) i), now()");
      PreparedStatement touch =
          c.prepareStatement("UPDATE \"user\" SET \"limit\" = \"limit\" + 1 WHERE id = ?");
      PreparedStatement change =
          c.prepareStatement(
              "UPDATE \"user\" SET doc = jsonb_set(coalesce(doc, '{}'), '{w}', to_jsonb(?::int)),"
                  + " tags = tags || 'w'::text, embedding = '[9,9,9]', amount = amount + 1"
                  + " WHERE id = ?");
      PreparedStatement delete = c.prepareStatement("DELETE FROM \"user\" WHERE id = ?");
      PreparedStatement rekey =
          c.prepareStatement(
              "UPDATE \"OrderItems\" i SET line = line + 1000 WHERE \"orderId\" = ? AND line < 1000"
                  + " AND NOT EXISTS (SELECT 1 FROM \"OrderItems\" o"
                  + " WHERE o.\"orderId\" = i.\"orderId\" AND o.line >= 1000)");
      PreparedStatement item =
          c.prepareStatement(
              "INSERT INTO \"OrderItems\" VALUES (?, ?, 1, 'new') ON CONFLICT DO NOTHING");
      while (!stop.get()) {
        int id = 1 + random.nextInt(nextId);
        switch (random.nextInt(6)) {
          case 0 -> {
            insert.setLong(1, nextId);
            insert.setString(2, "New " + nextId++);
            insert.executeUpdate();
          }
          case 1 -> {
            touch.setLong(1, id);
            touch.executeUpdate();
          }
          case 2 -> {
            change.setInt(1, writes.get());
            change.setLong(2, id);
            change.executeUpdate();
          }
          case 3 -> {
            delete.setLong(1, id);
            delete.executeUpdate();
          }
          case 4 -> {
            rekey.setInt(1, 1 + random.nextInt(ITEMS / 4));
            rekey.executeUpdate();
          }
          default -> {
            item.setInt(1, random.nextInt(ITEMS / 4 + 100));
            item.setInt(2, random.nextInt(4));
            item.executeUpdate();
          }
        }
        writes.incrementAndGet();
      }
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  private static List<String> rejects(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "SELECT source_table || ': ' || reason FROM tributary.rejects WHERE migration_id = 'pgm' LIMIT 5")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private long snapshotsDone(String migration) throws SQLException {
    return count(
        jdbcUrl,
        "SELECT count(*) FROM tributary.tables WHERE migration_id = '"
            + migration
            + "' AND snapshot_done_at IS NOT NULL");
  }

  private static long count(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
      return count(c, sql);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
