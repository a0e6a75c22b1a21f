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
  void domainsKeepTheirNameOverTheirBaseTypeWhereTheyAreMade() {
    Mapping texts = map(PostgresType.arrayOf(PostgresType.builtin("varchar")), 24);
    assertThat(texts.targetSql()).isEqualTo("character varying(20)[]");
    assertThat(texts.elementType()).isEqualTo(TargetType.TEXT);
    PostgresType email =
        new PostgresType(
            4, "public", "email", 'd', 'S', null, PostgresType.builtin("varchar"), 104);
    Mapping made = map(email, -1);
    assertThat(made.type()).isEqualTo(TargetType.TEXT);
    assertThat(made.targetSql()).isEqualTo("\"target\".\"email\"");
    assertThat(made.userType()).isEqualTo(email);
    Mapping emails = map(PostgresType.arrayOf(email), -1);
    assertThat(emails.type()).isEqualTo(TargetType.ARRAY);
    assertThat(emails.elementType()).isEqualTo(TargetType.TEXT);
    assertThat(emails.targetSql()).isEqualTo("\"target\".\"email\"[]");
    // a domain not made in the target is its base type, as before
    Mapping base = PostgresTypeMapper.map(email, -1, t -> null);
    assertThat(base.targetSql()).isEqualTo("character varying(100)");
    assertThat(base.userType()).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "tsvector, -1, tsvector",
    "tsquery, -1, tsquery",
    "money, -1, money",
    "inet, -1, inet",
    "xml, -1, xml",
    "point, -1, point",
    "int4range, -1, int4range",
    "tstzmultirange, -1, tstzmultirange",
    "bit, 8, bit(8)",
    "varbit, 5, bit varying(5)",
    "varbit, -1, bit varying",
    "timetz, 3, time(3) with time zone",
    "timetz, -1, time with time zone",
    "interval, -1, interval",
    "interval, 3, interval(3)",
    "interval, 2147418115, interval(3)",
    "interval, 470351871, interval day to second",
    "interval, 470286339, interval day to second(3)",
    "interval, 458751, interval year to month",
    "char, -1, '\"char\"'",
  })
  void builtinTypesWithoutAValueTypeAreKeptByTheirTextForm(String name, int typmod, String sql) {
    Mapping mapping = map(PostgresType.builtin(name), typmod);
    assertThat(mapping.type()).isEqualTo(TargetType.TEXT_FORM);
    assertThat(mapping.targetSql()).isEqualTo(sql);
    assertThat(mapping.fallback()).isNull();
    Mapping array = map(PostgresType.arrayOf(PostgresType.builtin(name)), typmod);
    assertThat(array.type()).isEqualTo(TargetType.TEXT_FORM);
    assertThat(array.targetSql()).isEqualTo(sql + "[]");
  }

  @Test
  void compositeAndRangeTypesAreKeptWhereTheyAreMade() {
    PostgresType price = new PostgresType(5, "shop", "price_range", 'r', 'R', null, null, -1);
    Mapping made = map(price, -1);
    assertThat(made.type()).isEqualTo(TargetType.TEXT_FORM);
    assertThat(made.targetSql()).isEqualTo("\"target\".\"price_range\"");
    PostgresType address = new PostgresType(6, "shop", "address", 'c', 'C', null, null, -1);
    Mapping notMade = PostgresTypeMapper.map(address, -1, t -> null);
    assertThat(notMade.type()).isEqualTo(TargetType.TEXT);
    assertThat(notMade.fallback()).contains("shop.address is not made in the target");
  }

  @Test
  void typesNotKeptBecomeTextAndSayWhy() {
    Mapping regclass = map(PostgresType.builtin("regclass"), -1);
    assertThat(regclass.type()).isEqualTo(TargetType.TEXT);
    assertThat(regclass.fallback())
        .contains("pg_catalog.regclass holds oids of objects, which differ in the target");
    PostgresType citext = new PostgresType(7, "public", "citext", 'b', 'S', null, null, -1);
    Mapping citexts = map(PostgresType.arrayOf(citext), -1);
    assertThat(citexts.type()).isEqualTo(TargetType.TEXT);
    assertThat(citexts.fallback())
        .startsWith("array of type public.citext is an extension's type Tributary does not keep");
  }
}
