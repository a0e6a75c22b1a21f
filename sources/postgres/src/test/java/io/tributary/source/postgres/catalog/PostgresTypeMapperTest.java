package io.tributary.source.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TargetType;
import io.tributary.source.postgres.catalog.PostgresTypeMapper.Mapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PostgreSQL column types map to themselves, with their full spelling. */
class PostgresTypeMapperTest {
  private static Mapping map(PostgresType type, int typmod) {
    return PostgresTypeMapper.map(type, typmod, t -> "target");
  }

  @ParameterizedTest
  @CsvSource({
    "int2, -1, SMALLINT, smallint",
    "int4, -1, INTEGER, integer",
    "int8, -1, BIGINT, bigint",
    "float4, -1, REAL, real",
    "float8, -1, DOUBLE, double precision",
    "numeric, -1, NUMERIC, numeric",
    "numeric, 655366, NUMERIC, 'numeric(10,2)'",
    "numeric, 133123, NUMERIC, 'numeric(2,-1)'",
    "bool, -1, BOOLEAN, boolean",
    "text, -1, TEXT, text",
    "varchar, 259, TEXT, character varying(255)",
    "varchar, -1, TEXT, character varying",
    "bpchar, 9, TEXT, character(5)",
    "bytea, -1, BYTEA, bytea",
    "uuid, -1, UUID, uuid",
    "json, -1, JSON, json",
    "jsonb, -1, JSONB, jsonb",
    "date, -1, DATE, date",
    "time, 3, TIME, time(3) without time zone",
    "timestamp, -1, TIMESTAMP, timestamp without time zone",
    "timestamptz, 3, TIMESTAMPTZ, timestamp(3) with time zone",
    "timestamptz, -1, TIMESTAMPTZ, timestamp with time zone",
  })
  void builtinTypesMapToThemselves(String name, int typmod, TargetType type, String sql) {
    Mapping mapping = map(PostgresType.builtin(name), typmod);
    assertThat(mapping.type()).isEqualTo(type);
    assertThat(mapping.targetSql()).isEqualTo(sql);
    assertThat(mapping.fallback()).isNull();
  }

  @Test
  void pgvectorTypesKeepTheirDimensions() {
    PostgresType vector = new PostgresType(1, "public", "vector", 'b', 'U', null, null, -1);
    assertThat(map(vector, 384).targetSql()).isEqualTo("vector(384)");
    assertThat(map(vector, -1).targetSql()).isEqualTo("vector");
    PostgresType sparse = new PostgresType(2, "extensions", "sparsevec", 'b', 'U', null, null, -1);
    assertThat(map(sparse, 5).type()).isEqualTo(TargetType.SPARSEVEC);
    assertThat(map(PostgresType.arrayOf(vector), 3).targetSql()).isEqualTo("vector(3)[]");
  }

  @Test
  void enumsGoToTheirTargetSchemaQuoted() {
    PostgresType mood = new PostgresType(3, "public", "Mood", 'e', 'E', null, null, -1);
    Mapping scalar = map(mood, -1);
    assertThat(scalar.type()).isEqualTo(TargetType.ENUM);
    assertThat(scalar.targetSql()).isEqualTo("\"target\".\"Mood\"");
    assertThat(scalar.enumType()).isEqualTo(mood);
    Mapping array = map(PostgresType.arrayOf(mood), -1);
    assertThat(array.type()).isEqualTo(TargetType.ARRAY);
    assertThat(array.elementType()).isEqualTo(TargetType.ENUM);
    assertThat(array.targetSql()).isEqualTo("\"target\".\"Mood\"[]");
  }

  @Test
  void arraysAndDomainsResolveToTheirElementAndBase() {
    Mapping texts = map(PostgresType.arrayOf(PostgresType.builtin("varchar")), 24);
    assertThat(texts.targetSql()).isEqualTo("character varying(20)[]");
    assertThat(texts.elementType()).isEqualTo(TargetType.TEXT);
    PostgresType email =
        new PostgresType(
            4, "public", "email", 'd', 'S', null, PostgresType.builtin("varchar"), 104);
    assertThat(map(email, -1).targetSql()).isEqualTo("character varying(100)");
  }

  @Test
  void typesWithoutATributaryTypeBecomeTextAndSayWhy() {
    Mapping interval = map(PostgresType.builtin("interval"), -1);
    assertThat(interval.type()).isEqualTo(TargetType.TEXT);
    assertThat(interval.fallback()).contains("pg_catalog.interval has no Tributary type yet");
    Mapping inets = map(PostgresType.arrayOf(PostgresType.builtin("inet")), -1);
    assertThat(inets.type()).isEqualTo(TargetType.TEXT);
    assertThat(inets.fallback()).startsWith("array of type pg_catalog.inet");
  }
}
