package io.tributary.source.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.IdentityKind;
import io.tributary.common.catalog.PostgresSequence;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.common.sql.TableExtras;
import io.tributary.common.sql.UnnestParameters;
import io.tributary.common.sql.UpsertStatementBuilder;
import io.tributary.common.value.ValueCodec;
import io.tributary.testing.PostgresAllTypes;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A PostgreSQL source with every type Tributary knows, end to end without capture: its catalog is
 * read, the target is provisioned from it in another schema, the source rows go through the
 * envelope JSON (what capture will publish) and are written with apply's statements and bindings
 * through the Vert.x client, and both sides checksum alike.
 */
@ExtendWith(TributaryInfraExtension.class)
class PostgresTypesIT {
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    await(vertx.close());
  }

  @Test
  void everyTypeSurvivesCatalogProvisioningApplyAndChecksum(TestInfrastructure infra)
      throws Exception {
    String database = infra.createDatabase("pgtypes");
    try (Connection jdbc = infra.connect(database)) {
      execute(jdbc, PostgresAllTypes.SOURCE_DDL);
      execute(jdbc, PostgresAllTypes.SOURCE_ROWS);

      PostgresCatalog catalog =
          PostgresCatalogReader.read(jdbc, "m1", "letta", Map.of("Legacy", "letta_agents"));
      checkCatalog(catalog);

      for (String statement :
          TableDdlBuilder.provision("letta_agents", catalog.enums(), catalog.tables())) {
        execute(jdbc, statement);
      }
      for (PostgresSequence sequence : catalog.sequences()) {
        execute(jdbc, sequence.createStatement());
      }

      PgConnection pg = await(PgConnection.connect(vertx, options(infra, database)));
      try {
        for (TableDef table : catalog.tables()) {
          if (table.keyColumns().isEmpty()) {
            continue; // capture decides how tables without a key go; apply cannot upsert them
          }
          List<Object[]> rows = throughTheEnvelope(jdbc, table);
          await(
              pg.preparedQuery(UpsertStatementBuilder.upsert(table))
                  .execute(parameters(table.columns(), rows)));
          // again: every row takes the ON CONFLICT ... DO UPDATE path
          await(
              pg.preparedQuery(UpsertStatementBuilder.upsert(table))
                  .execute(parameters(table.columns(), rows)));
          assertThat(PostgresAllTypes.checksum(jdbc, table, true))
              .isEqualTo(PostgresAllTypes.checksum(jdbc, table, false));
        }

        TableDef agents = table(catalog, "Agents");
        // a change and a delete, applied as apply applies them
        execute(
            jdbc,
            "UPDATE \"Legacy\".\"Agents\" SET meta = '{\"changed\": [true]}', moods = '{so-so}'"
                + " WHERE rank = -32768;"
                + " DELETE FROM \"Legacy\".\"Agents\" WHERE \"user\" = 'x'");
        List<Object[]> changed = throughTheEnvelope(jdbc, agents);
        await(
            pg.preparedQuery(UpsertStatementBuilder.upsert(agents))
                .execute(parameters(agents.columns(), changed)));
        Object[] deletedKey = {UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff")};
        await(
            pg.preparedQuery(UpsertStatementBuilder.delete(agents))
                .execute(parameters(agents.keyColumns(), List.<Object[]>of(deletedKey))));
        String source = PostgresAllTypes.checksum(jdbc, agents, false);
        assertThat(PostgresAllTypes.checksum(jdbc, agents, true)).isEqualTo(source);

        // PostgreSQL itself refuses what the codec cannot know: an enum label the type lacks
        Object[] row = changed.get(0).clone();
        int moods = agents.columns().indexOf(agents.column("moods"));
        row[moods] = List.of("furious");
        assertThatThrownBy(
                () ->
                    await(
                        pg.preparedQuery(UpsertStatementBuilder.upsert(agents))
                            .execute(parameters(agents.columns(), List.<Object[]>of(row)))))
            .isInstanceOf(PgException.class)
            .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("22P02"))
            .hasMessageContaining("furious");
        assertThat(PostgresAllTypes.checksum(jdbc, agents, true)).isEqualTo(source);
      } finally {
        await(pg.close());
      }

      // finalize: the source's defaults on the target, so that an application switched to it can
      // leave those columns out
      for (FinalizeStep step :
          FinalizeStatementBuilder.steps(
              catalog.tables(), Map.of(), Map.of(), Map.of(), catalog.sequences())) {
        execute(jdbc, step.statement());
      }
      try (Statement st = jdbc.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "INSERT INTO letta_agents.\"Agents\" (\"agentId\", \"user\")"
                      + " VALUES ('11111111-1111-1111-1111-111111111111', 'new')"
                      + " RETURNING \"createdAt\" > now() - interval '1 hour', \"isActive\", score,"
                      + " code, mood::text, moods::text, token IS NOT NULL, \"select\" IS NOT NULL,"
                      + " unbounded IS NULL")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getBoolean(2)).isTrue();
        assertThat(rs.getInt(3)).isZero();
        assertThat(rs.getString(4)).isEqualTo("ab  ");
        assertThat(rs.getString(5)).isEqualTo("it's complicated");
        assertThat(rs.getString(6)).isEqualTo("{happy}");
        assertThat(rs.getBoolean(7)).isTrue();
        assertThat(rs.getBoolean(8)).isTrue();
        assertThat(rs.getBoolean(9)).isTrue();
      }
      try (Statement st = jdbc.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "INSERT INTO letta_agents.events (line) VALUES ('x')"
                      + " RETURNING at IS NOT NULL, n = 1, kind IS NULL")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getBoolean(2)).isTrue();
        assertThat(rs.getBoolean(3)).isTrue();
      }
    }
  }

  private static void checkCatalog(PostgresCatalog catalog) {
    assertThat(catalog.tables())
        .extracting(TableDef::sourceTable)
        .containsExactly("Agents", "events", "order");
    assertThat(catalog.tablesWithoutPrimaryKey())
        .extracting(TableDef::sourceTable)
        .containsExactly("events");
    assertThat(catalog.enums())
        .containsExactly(
            new EnumDef(
                "Legacy",
                "Mood",
                "letta_agents",
                "Mood",
                List.of("happy", "so-so", "it's complicated")));
    TableDef agents = table(catalog, "Agents");
    assertThat(agents.targetSchema()).isEqualTo("letta_agents");
    assertThat(agents.topic()).isEqualTo("tributary.m1.letta.Legacy.Agents");
    assertThat(agents.columns())
        .extracting(ColumnDef::name)
        .startsWith("agentId", "user", "limit", "unbounded", "createdAt");
    assertThat(agents.keyColumns()).extracting(ColumnDef::name).containsExactly("agentId");
    assertThat(agents.column("user").nullable()).isFalse();
    assertThat(agents.column("user").targetSql()).isEqualTo("character varying(255)");
    assertThat(agents.column("limit").targetSql()).isEqualTo("numeric(10,2)");
    assertThat(agents.column("updatedAt").targetSql()).isEqualTo("timestamp(3) without time zone");
    assertThat(agents.column("code").targetSql()).isEqualTo("character(4)");
    assertThat(agents.column("mood").targetType()).isEqualTo(TargetType.ENUM);
    assertThat(agents.column("mood").targetSql()).isEqualTo("\"letta_agents\".\"Mood\"");
    assertThat(agents.column("mood").sourceType()).isEqualTo("\"Legacy\".\"Mood\"");
    assertThat(agents.column("moods").elementType()).isEqualTo(TargetType.ENUM);
    assertThat(agents.column("moods").targetSql()).isEqualTo("\"letta_agents\".\"Mood\"[]");
    assertThat(agents.column("grid").targetSql()).isEqualTo("integer[]");
    assertThat(agents.column("docs").elementType()).isEqualTo(TargetType.JSONB);
    assertThat(agents.column("embedding").targetSql()).isEqualTo("vector(3)");
    assertThat(agents.column("half").targetSql()).isEqualTo("halfvec(3)");
    assertThat(agents.column("sparse").targetSql()).isEqualTo("sparsevec(5)");
    assertThat(agents.column("select").identity()).isEqualTo(IdentityKind.SERIAL);
    assertThat(agents.column("select").targetSql()).isEqualTo("bigint");
    TableDef order = table(catalog, "order");
    assertThat(order.keyColumns()).extracting(ColumnDef::name).containsExactly("group", "id");
    assertThat(order.column("id").identity()).isEqualTo(IdentityKind.ALWAYS);
    assertThat(agents.column("createdAt").sourceDefault()).isEqualTo("now()");
    assertThat(agents.column("isActive").sourceDefault()).isEqualTo("true");
    assertThat(agents.column("score").sourceDefault()).isEqualTo("0");
    assertThat(agents.column("code").sourceDefault()).isEqualTo("'ab'::bpchar");
    assertThat(agents.column("mood").sourceDefault())
        .isEqualTo("'it''s complicated'::\"letta_agents\".\"Mood\"");
    assertThat(agents.column("moods").sourceDefault())
        .isEqualTo("'{happy}'::\"letta_agents\".\"Mood\"[]");
    assertThat(agents.column("token").sourceDefault()).isEqualTo("gen_random_uuid()");
    assertThat(agents.column("select").sourceDefault()).isNull(); // its own sequence
    assertThat(agents.column("user").sourceDefault()).isNull();
    assertThat(order.column("id").sourceDefault()).isNull();
    TableDef events = table(catalog, "events");
    assertThat(events.columns())
        .extracting(ColumnDef::sourceDefault)
        .containsExactly(null, "now()", "nextval('\"letta_agents\".\"shared\"'::regclass)", null);
    // the generated column is made generated, after the column it follows; apply never writes it
    assertThat(catalog.generatedColumns(events))
        .containsExactly(
            new TableExtras.ExtraColumn(
                "total",
                "numeric(10,2) GENERATED ALWAYS AS (((length(line))::numeric * 1.5)) STORED",
                null,
                "kind"));
    // the free-standing sequence goes with its schema, with its properties
    assertThat(catalog.sequences())
        .containsExactly(
            new PostgresSequence(
                "Legacy",
                "shared",
                "letta_agents",
                "shared",
                "bigint",
                1,
                1,
                1,
                Long.MAX_VALUE,
                1,
                false));
    assertThat(catalog.warnings())
        .containsExactly(
            "column Legacy.events.kind: its default ('happy'::\"Legacy\".\"Mood\")::text uses a"
                + " user-defined type other than the column's own, which the target does not have;"
                + " not set on the target",
            "column Legacy.events.total is made generated in the target (GENERATED ALWAYS AS"
                + " (((length(line))::numeric * 1.5)) STORED): computed there, never written by"
                + " apply");
  }

  private static TableDef table(PostgresCatalog catalog, String name) {
    return catalog.tables().stream()
        .filter(t -> t.sourceTable().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Source rows as capture will publish them (each value's Java value as envelope JSON, sent as
   * text), decoded as apply's RowDecoder decodes them.
   */
  private static List<Object[]> throughTheEnvelope(Connection jdbc, TableDef table)
      throws Exception {
    List<Object[]> rows = new ArrayList<>();
    List<ColumnDef> columns = table.columns();
    for (List<Object> source : PostgresAllTypes.readAsText(jdbc, table, false)) {
      ObjectNode after = ChangeEventCodec.MAPPER.createObjectNode();
      for (int i = 0; i < columns.size(); i++) {
        after.set(columns.get(i).name(), ValueCodec.toJson(source.get(i), columns.get(i)));
      }
      JsonNode wire =
          ChangeEventCodec.MAPPER.readTree(ChangeEventCodec.MAPPER.writeValueAsString(after));
      Object[] row = new Object[columns.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = ValueCodec.decode(wire.get(columns.get(i).name()), columns.get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  /** The parameters apply binds (as cdc-service's ColumnArrays wraps them for Vert.x). */
  static Tuple parameters(List<ColumnDef> columns, List<Object[]> rows) {
    List<Object> parameters = UnnestParameters.of(columns, rows);
    parameters.replaceAll(
        p ->
            p instanceof byte[][] values
                ? Arrays.stream(values)
                    .map(v -> v == null ? null : Buffer.buffer(v))
                    .toArray(Buffer[]::new)
                : p);
    return Tuple.from(parameters);
  }

  private static PgConnectOptions options(TestInfrastructure infra, String database) {
    return new PgConnectOptions()
        .setHost(infra.postgresHost())
        .setPort(infra.postgresPort())
        .setDatabase(database)
        .setUser(infra.postgresUser())
        .setPassword(infra.postgresPassword());
  }

  private static void execute(Connection jdbc, String sql) throws SQLException {
    try (Statement st = jdbc.createStatement()) {
      st.execute(sql);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
