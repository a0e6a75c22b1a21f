package io.tributary.testing;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.value.PostgresText;
import io.tributary.common.value.TableChecksum;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A PostgreSQL source schema with every type Tributary knows ({@code "Legacy"}: keyed, composite-
 * keyed and keyless tables, enums, arrays, pgvector's types, generated and identity columns), its
 * rows, and the checksum of a table's rows read as text, source or target side alike.
 */
public final class PostgresAllTypes {
  private PostgresAllTypes() {}

  public static final String SOURCE_DDL =
      """
      CREATE SCHEMA "Legacy";
      CREATE TYPE "Legacy"."Mood" AS ENUM ('happy', 'so-so', 'it''s complicated');
      CREATE TABLE "Legacy"."Agents" (
        "agentId" uuid PRIMARY KEY,
        "user" varchar(255) NOT NULL,
        "limit" numeric(10,2),
        unbounded numeric,
        "createdAt" timestamptz DEFAULT now(),
        "updatedAt" timestamp(3),
        birthday date,
        "wakeUp" time,
        meta jsonb,
        "rawMeta" json,
        avatar bytea,
        "isActive" boolean DEFAULT true,
        rank smallint,
        score integer DEFAULT 0,
        big bigint,
        ratio real,
        precise double precision,
        code character(4) DEFAULT 'ab',
        mood "Legacy"."Mood" DEFAULT 'it''s complicated',
        moods "Legacy"."Mood"[] DEFAULT '{happy}',
        tags text[],
        grid integer[][],
        stamps timestamptz[],
        docs jsonb[],
        embedding vector(3),
        half halfvec(3),
        sparse sparsevec(5),
        "select" bigserial,
        token uuid DEFAULT gen_random_uuid()
      );
      CREATE TABLE "Legacy"."order" (
        id integer GENERATED ALWAYS AS IDENTITY,
        "group" text,
        "limit" integer[],
        PRIMARY KEY ("group", id)
      );
      CREATE SEQUENCE "Legacy".shared;
      CREATE TABLE "Legacy".events (
        line text,
        at timestamptz NOT NULL DEFAULT now(),
        n bigint DEFAULT nextval('"Legacy".shared'),
        kind text DEFAULT ('happy'::"Legacy"."Mood")::text,
        total numeric(10,2) GENERATED ALWAYS AS (length(line) * 1.5) STORED
      );
      """;

  public static final String SOURCE_ROWS =
      """
      INSERT INTO "Legacy"."Agents" ("agentId", "user", "limit", unbounded, "createdAt",
          "updatedAt", birthday, "wakeUp", meta, "rawMeta", avatar, "isActive", rank, score, big,
          ratio, precise, code, mood, moods, tags, grid, stamps, docs, embedding, half, sparse)
      VALUES
        ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'Zoë "Z" O''Brien, 李', 12.5, 12345678901234567890.123456789,
         '2024-01-31 10:15:30.123456+02', '2024-01-31 10:15:30.1234', '0044-03-15 BC', '06:30:00.5',
         '{"b": [1, 2.50], "a": {"x": true, "y": "é"}}', '{"z": 1,   "a": [1,2], "z": 2}', '\\x00ff10',
         true, -32768, 2147483647, -9223372036854775808, 0.1, 1e300, 'ab', 'it''s complicated',
         '{happy,so-so}', ARRAY['a,b', NULL, '', 'NULL', 'q"uote\\back', '{}'], '{{1,2},{3,NULL}}',
         ARRAY['2024-01-31 10:00:00+00'::timestamptz, 'infinity'],
         ARRAY['{"k": [1]}'::jsonb, '"str"'::jsonb, 'null'::jsonb],
         '[0.1, -2.5, 3e-5]', '[0.333, 1000.7, -1]', '{1:0.5,4:-2}/5'),
        ('00000000-0000-0000-0000-000000000000', '', 'NaN', 'Infinity', 'infinity',
         '1999-12-31 23:59:59.9995', 'infinity', NULL, '[]', '"just text"', '\\x', false, 0, NULL, 0,
         '-0', '-Infinity', NULL, NULL, '{}', '{}', '{}', NULL, '{}', NULL, NULL, '{}/5'),
        ('ffffffff-ffff-ffff-ffff-ffffffffffff', 'x', NULL, '-Infinity', '1970-01-01 00:00:00+00',
         NULL, '-infinity', '23:59:59.999999', 'null', NULL, NULL, NULL, NULL, NULL, NULL,
         'NaN', 'NaN', 'abcd', 'happy', '{NULL,happy}', '{NULL}', '{{NULL}}',
         ARRAY[NULL::timestamptz], ARRAY[NULL::jsonb], '[1,2,3]', '[1,2,3]', '{5:1e-3}/5');
      INSERT INTO "Legacy"."order" ("group", "limit") VALUES ('a', '{1,2}'), ('b', NULL), ('a', '{}');
      INSERT INTO "Legacy".events (line, at) VALUES ('started', now());
      """;

  /** Every row of the source (or target) table, each value read as text and parsed. */
  public static List<List<Object>> readAsText(Connection jdbc, TableDef table, boolean target)
      throws SQLException {
    String select =
        "SELECT "
            + table.columns().stream()
                .map(c -> Identifiers.quote(target ? c.targetName() : c.name()) + "::text")
                .collect(Collectors.joining(", "))
            + " FROM "
            + (target
                ? Identifiers.qualified(table.targetSchema(), table.targetTable())
                : Identifiers.qualified(table.sourceSchema(), table.sourceTable()));
    List<List<Object>> rows = new ArrayList<>();
    try (Statement st = jdbc.createStatement();
        ResultSet rs = st.executeQuery(select)) {
      while (rs.next()) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
          values.add(PostgresText.parse(rs.getString(i + 1), table.columns().get(i)));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  public static String checksum(Connection jdbc, TableDef table, boolean target)
      throws SQLException {
    TableChecksum checksum = new TableChecksum();
    readAsText(jdbc, table, target).forEach(checksum::add);
    return checksum.rows() + "/" + checksum.hex();
  }
}
