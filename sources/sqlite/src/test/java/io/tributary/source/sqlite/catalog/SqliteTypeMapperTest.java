package io.tributary.source.sqlite.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TargetType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteTypeMapperTest {
  @ParameterizedTest
  @CsvSource({
    "INTEGER, BIGINT",
    "int, BIGINT",
    "BIGINT, BIGINT",
    "VARCHAR(255), TEXT",
    "TEXT, TEXT",
    "CLOB, TEXT",
    "BLOB, BYTEA",
    "'', TEXT",
    "REAL, DOUBLE",
    "DOUBLE PRECISION, DOUBLE",
    "FLOAT, DOUBLE",
    "NUMERIC, NUMERIC",
    "'DECIMAL(10,2)', NUMERIC",
    "BOOLEAN, NUMERIC",
    "DATETIME, NUMERIC",
    "CHARINT, BIGINT"
  })
  void mapsSqliteAffinities(String declared, TargetType expected) {
    assertThat(SqliteTypeMapper.map(declared)).isEqualTo(expected);
  }
}
