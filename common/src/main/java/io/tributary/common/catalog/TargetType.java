package io.tributary.common.catalog;

/**
 * A column type in the unified target, with its PostgreSQL spelling. The Java value of each type
 * (after {@link io.tributary.common.value.ValueCodec#decode}) is given in brackets; the envelope
 * encoding of each is documented on {@link io.tributary.common.event.ChangeEvent}.
 *
 * <p>Types with parameters ({@code numeric(10,2)}, {@code character varying(255)}, {@code
 * timestamp(3) with time zone}, {@code vector(384)}, an enum's name, {@code text[]}) carry their
 * full spelling in {@link io.tributary.common.catalog.ColumnDef#targetSql()}; {@link #sql()} is the
 * spelling without parameters.
 */
public enum TargetType {
  /** {@code bigint} [Long] */
  BIGINT("bigint"),
  /** {@code double precision} [Double] */
  DOUBLE("double precision"),
  /**
   * {@code text}, also {@code character varying(n)} and {@code character(n)} [String; from a reader
   * that keeps text as its bytes, a {@link io.tributary.common.value.Utf8Text}]
   */
  TEXT("text"),
  /** {@code bytea} [byte[]] */
  BYTEA("bytea"),
  /**
   * {@code numeric}, {@code numeric(p,s)} [BigDecimal; {@code NaN}, {@code Infinity} and {@code
   * -Infinity} as the Double of that value]
   */
  NUMERIC("numeric"),
  /** {@code smallint} [Short] */
  SMALLINT("smallint"),
  /** {@code integer} [Integer] */
  INTEGER("integer"),
  /** {@code real} [Float] */
  REAL("real"),
  /** {@code boolean} [Boolean] */
  BOOLEAN("boolean"),
  /** {@code uuid} [java.util.UUID] */
  UUID("uuid"),
  /** {@code json} [{@link io.tributary.common.value.JsonText}] */
  JSON("json"),
  /** {@code jsonb} [{@link io.tributary.common.value.JsonText}] */
  JSONB("jsonb"),
  /** {@code date} [LocalDate; {@code infinity}/{@code -infinity} as LocalDate.MAX/MIN] */
  DATE("date"),
  /** {@code time without time zone}, also {@code time(p)} [LocalTime] */
  TIME("time without time zone"),
  /**
   * {@code timestamp without time zone}, also {@code timestamp(p)} [LocalDateTime; {@code infinity}
   * as LocalDateTime.MAX]
   */
  TIMESTAMP("timestamp without time zone"),
  /**
   * {@code timestamp with time zone}, also {@code timestamp(p) with time zone} [OffsetDateTime in
   * UTC; {@code infinity} as OffsetDateTime.MAX]
   */
  TIMESTAMPTZ("timestamp with time zone"),
  /** pgvector's {@code vector(n)} [float[]] */
  VECTOR("vector"),
  /** pgvector's {@code halfvec(n)} [float[] of values that are exact in half precision] */
  HALFVEC("halfvec"),
  /** pgvector's {@code sparsevec(n)} [{@link io.tributary.common.value.SparseVector}] */
  SPARSEVEC("sparsevec"),
  /**
   * A user-defined enum [String, the label]; its qualified name is the column's {@code targetSql},
   * {@code "schema"."type"}.
   */
  ENUM("anyenum"),
  /**
   * An array of any other type [List of element values, nested Lists for more dimensions]; the
   * column's {@code elementType} names the element type and {@code targetSql} the array type.
   */
  ARRAY("anyarray"),
  /**
   * A PostgreSQL type kept as itself that has no value type of its own here — {@code tsvector},
   * {@code interval}, {@code inet}, {@code money}, {@code xml}, {@code bit(n)}, geometric types,
   * ranges and multiranges, composite types, and arrays of any of them [String, the value's
   * PostgreSQL text form]. The column's {@code targetSql} is the type's full spelling ({@code
   * tsvector}, {@code bit(8)}, {@code "app"."price_range"}, {@code inet[]}); values are written by
   * that type's input function and read back as {@code ::text}, so source and target compare by
   * their text form.
   */
  TEXT_FORM("text");

  private final String sql;

  TargetType(String sql) {
    this.sql = sql;
  }

  /**
   * The type as written in DDL and casts, without parameters; {@code anyenum} and {@code anyarray}
   * (PostgreSQL's pseudo-types) for {@link #ENUM} and {@link #ARRAY}, whose columns always carry
   * their full spelling.
   */
  public String sql() {
    return sql;
  }

  /**
   * True for the types whose name alone does not say which PostgreSQL type a column has: {@link
   * #ENUM} and {@link #TEXT_FORM}, whose columns carry their type in {@code targetSql}.
   */
  public boolean spelledByColumn() {
    return this == ENUM || this == TEXT_FORM;
  }

  /** The array type, for {@code unnest($1::type[])}. */
  public String arraySql() {
    return sql + "[]";
  }
}
