package io.tributary.validator.pgtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.UpsertStatementBuilder;
import io.tributary.common.value.PostgresText;
import io.tributary.common.value.RowCanonicalizer;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresCatalogReader;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The validator's target side reads every type through the Vert.x client ({@code selectAll} and
 * {@link PostgresValueConverter}) to the same canonical rows as common reads them from PostgreSQL's
 * text form: the checksums agree, row by row. Read as the validator reads (a prepared statement:
 * binary results; the client's text decoding cannot parse BC dates).
 */
@ExtendWith(TributaryInfraExtension.class)
class PostgresValueConverterIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Each value's canonical form, prefixed with its column name (for readable differences). */
  private static List<String> canonical(List<Object> values, TableDef table) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      out.add(
          table.columns().get(i).name()
              + " "
              + RowCanonicalizer.canonical(Arrays.asList(values.get(i))));
    }
    return out;
  }

  @Test
  void vertxValuesOfEveryTypeChecksumAsCommonReadsThem(TestInfrastructure infra) throws Exception {
    String database = infra.createDatabase("converter");
    try (Connection jdbc = infra.connect(database);
        Statement st = jdbc.createStatement()) {
      st.execute(
          """
          CREATE SCHEMA app;
          CREATE TYPE app."Mood" AS ENUM ('happy', 'so-so');
          CREATE TABLE app."Things" (
            id uuid PRIMARY KEY, "user" varchar(20), "limit" numeric(10,2), n numeric,
            at timestamptz, local timestamp(3), day date, clock time, meta jsonb, raw json,
            bin bytea, flag boolean, s smallint, i integer, b bigint, r real, d double precision,
            code char(3), mood app."Mood", moods app."Mood"[], tags text[], grid int[][],
            stamps timestamptz[], docs jsonb[], v vector(3), h halfvec(2), sv sparsevec(4));
          INSERT INTO app."Things" VALUES
            ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'Zoë', 1.5, 'Infinity',
             '2024-01-31 10:15:30.123456+02', '2024-01-31 10:15:30.123', '0044-03-15 BC',
             '23:59:59.999999', '{"b": 1.50, "a": [true]}', '{"z":1,  "a":2}', '\\x00ff', true,
             -1, 7, 9007199254740993, 0.1, 'NaN', 'a', 'so-so', '{happy,NULL}',
             '{"x,y",NULL,""}', '{{1,2},{3,4}}', ARRAY['infinity'::timestamptz, NULL],
             ARRAY['"s"'::jsonb, 'null'], '[0.1,0.2,0.3]', '[0.333,1000.7]', '{2:1.5}/4'),
            ('00000000-0000-0000-0000-000000000000', NULL, 'NaN', -0.000, 'infinity', NULL,
             '-infinity', NULL, '[]', '"x"', '\\x', false, NULL, NULL, NULL, '-0', '-Infinity',
             NULL, NULL, '{}', '{}', '{}', '{}', '{}', NULL, NULL, '{}/4');
          """);
      PostgresCatalog catalog = PostgresCatalogReader.read(jdbc, "m", "src", Map.of("app", "app"));
      TableDef table = catalog.tables().get(0);

      List<List<String>> expected = new ArrayList<>();
      String asText =
          "SELECT "
              + table.columns().stream()
                  .map(c -> Identifiers.quote(c.name()) + "::text")
                  .collect(Collectors.joining(", "))
              + " FROM app.\"Things\" ORDER BY id";
      try (ResultSet rs = st.executeQuery(asText)) {
        while (rs.next()) {
          List<Object> values = new ArrayList<>();
          for (int i = 0; i < table.columns().size(); i++) {
            values.add(PostgresText.parse(rs.getString(i + 1), table.columns().get(i)));
          }
          expected.add(canonical(values, table));
        }
      }

      Vertx vertx = Vertx.vertx();
      try {
        PgConnection pg =
            PgConnection.connect(
                    vertx,
                    new PgConnectOptions()
                        .setHost(infra.postgresHost())
                        .setPort(infra.postgresPort())
                        .setDatabase(database)
                        .setUser(infra.postgresUser())
                        .setPassword(infra.postgresPassword()))
                .await()
                .atMost(TIMEOUT);
        List<List<String>> actual = new ArrayList<>();
        for (Row row :
            pg.preparedQuery(UpsertStatementBuilder.selectAll(table) + " ORDER BY id")
                .execute()
                .await()
                .atMost(TIMEOUT)) {
          actual.add(canonical(PostgresValueConverter.row(row, table.columns()), table));
        }
        pg.close().await().atMost(TIMEOUT);
        assertThat(actual).hasSize(2);
        for (int r = 0; r < actual.size(); r++) {
          assertThat(actual.get(r)).as("row %d", r).containsExactlyElementsOf(expected.get(r));
        }
      } finally {
        vertx.close().await().atMost(TIMEOUT);
      }
    }
  }
}
