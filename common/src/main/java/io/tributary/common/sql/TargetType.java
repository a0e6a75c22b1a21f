package io.tributary.common.sql;

/**
 * A column type in the unified target, with its PostgreSQL spelling. The Java value of each type
 * (after {@link io.tributary.common.value.ValueCodec#decode}) is given in brackets.
 */
public enum TargetType {
  /** {@code bigint} [Long] */
  BIGINT("bigint"),
  /** {@code double precision} [Double] */
  DOUBLE("double precision"),
  /** {@code text} [String] */
  TEXT("text"),
  /** {@code bytea} [byte[]] */
  BYTEA("bytea"),
  /** {@code numeric} [BigDecimal] */
  NUMERIC("numeric");

  private final String sql;

  TargetType(String sql) {
    this.sql = sql;
  }

  /** The type as written in DDL and casts. */
  public String sql() {
    return sql;
  }

  /** The array type, for {@code unnest($1::type[])}. */
  public String arraySql() {
    return sql + "[]";
  }
}
