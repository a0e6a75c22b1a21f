package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.value.PostgresText;
import java.util.List;
import java.util.Locale;

/**
 * How apply binds one column's values in the set-based statements of {@link
 * UpsertStatementBuilder}: natively, as a typed array of the column's own base type, or as {@code
 * text[]} holding each value's PostgreSQL text form, cast element by element. The reasons per type
 * are on {@link UpsertStatementBuilder}.
 */
public final class ColumnBinding {
  private ColumnBinding() {}

  /**
   * True for the types bound as {@code text[]} and cast per element: numeric, json, jsonb, vector,
   * halfvec, sparsevec, enums and arrays.
   */
  public static boolean bindsAsText(ColumnDef column) {
    return switch (column.targetType()) {
      case NUMERIC, JSON, JSONB, VECTOR, HALFVEC, SPARSEVEC, ENUM, ARRAY, TEXT_FORM -> true;
      case BIGINT,
              DOUBLE,
              TEXT,
              BYTEA,
              SMALLINT,
              INTEGER,
              REAL,
              BOOLEAN,
              UUID,
              DATE,
              TIME,
              TIMESTAMP,
              TIMESTAMPTZ ->
          false;
    };
  }

  /**
   * True for {@code vector} columns, bound as binary {@code real[]} rather than text (parsing the
   * text of every element was most of the server's work for vector tables): three parameters, each
   * row's start and length in one flat {@code real[]} of every row's elements (see {@link
   * #unnestFloats}).
   */
  public static boolean bindsAsFloats(ColumnDef column) {
    return column.targetType() == TargetType.VECTOR;
  }

  /**
   * For a column {@link #bindsAsFloats bound as floats}: {@code unnest(ARRAY(SELECT
   * ($floats::real[])[s + 1 : s + n]::vector FROM unnest($starts::int[], $lengths::int[]) WITH
   * ORDINALITY ...))}, zipped with the other columns' {@code unnest}s like them; a NULL start is a
   * NULL vector.
   */
  public static String unnestFloats(ColumnDef column, int starts, int lengths, int floats) {
    return "unnest(ARRAY(SELECT ($"
        + floats
        + "::real[])[v.s + 1 : v.s + v.n]::"
        + column.castSql()
        + " FROM unnest($"
        + starts
        + "::int[], $"
        + lengths
        + "::int[]) WITH ORDINALITY AS v(s, n, i) ORDER BY v.i))";
  }

  /**
   * The three parameters of a column {@link #bindsAsFloats bound as floats} for rows whose value at
   * {@code index} is a {@code float[]} or null: each row's start in the flat array (null for NULL),
   * each row's length, and the flat elements ({@code Integer[]}, {@code Integer[]}, {@code
   * Float[]}).
   */
  public static Object[] floatParameters(List<Object[]> rows, int index) {
    int n = rows.size();
    Integer[] starts = new Integer[n];
    Integer[] lengths = new Integer[n];
    int total = 0;
    for (Object[] row : rows) {
      if (row[index] instanceof float[] v) {
        total += v.length;
      }
    }
    Float[] elements = new Float[total];
    int at = 0;
    for (int r = 0; r < n; r++) {
      Object value = rows.get(r)[index];
      if (value == null) {
        continue;
      }
      if (!(value instanceof float[] v)) {
        throw new IllegalArgumentException(
            "a vector value must be decoded as float[], not " + value.getClass().getName());
      }
      starts[r] = at;
      lengths[r] = v.length;
      for (float f : v) {
        elements[at++] = f;
      }
    }
    return new Object[] {starts, lengths, elements};
  }

  /**
   * What a bound value of the column needs to compare equal to the stored one: {@code ::bpchar} for
   * {@code character(n)} (bound as text, which PostgreSQL would compare with the stored value
   * stripped of its padding), else nothing.
   */
  public static String comparableCast(ColumnDef column) {
    return blankPadded(column) ? "::bpchar" : "";
  }

  /**
   * The cast that makes two values of the column comparable as apply counts them equal: {@code
   * ::jsonb} for json (which has no equality operator; jsonb's ignores key order and spacing, as
   * the canonical form does), {@code ::jsonb[]} for arrays of json; else nothing.
   */
  public static String jsonComparison(ColumnDef column) {
    if (column.targetType() == TargetType.JSON) {
      return "::jsonb";
    }
    if (column.targetType() == TargetType.ARRAY && column.elementType() == TargetType.JSON) {
      return "::jsonb[]";
    }
    return "";
  }

  /** Whether the column is {@code character(n)}, blank-padded. */
  public static boolean blankPadded(ColumnDef column) {
    String sql =
        column.targetSql() == null ? "" : column.targetSql().toLowerCase(Locale.ROOT).strip();
    return column.targetType() == TargetType.TEXT
        && (sql.startsWith("character(")
            || sql.equals("character")
            || sql.startsWith("char(")
            || sql.equals("bpchar")
            || sql.startsWith("bpchar("));
  }

  /**
   * {@code unnest($n::bigint[])} for native types (the base type: the column's modifiers apply on
   * assignment), {@code unnest($n::text[])::jsonb} for types bound as text (cast to the type
   * without modifiers, which neither truncates nor rounds).
   */
  public static String unnest(ColumnDef column, int parameter) {
    if (bindsAsText(column)) {
      return "unnest($" + parameter + "::text[])::" + column.castSql();
    }
    return "unnest($" + parameter + "::" + column.targetType().arraySql() + ")";
  }

  /**
   * The element to put in the column's parameter array for a value as {@link
   * io.tributary.common.value.ValueCodec#decode} returns it: the value itself for native types
   * (byte[] stays byte[]; the client wraps it), its PostgreSQL text form for types bound as text;
   * null for null.
   */
  public static Object parameterValue(Object value, ColumnDef column) {
    if (value == null) {
      return null;
    }
    return bindsAsText(column) ? PostgresText.render(value, column) : value;
  }

  /**
   * The column as selected for checksums: {@code vector}s in pgvector's binary form ({@code
   * vector_send("c")}, a {@code bytea} read with {@link
   * io.tributary.common.value.PostgresVectorBinary}: formatting and parsing hundreds of decimals a
   * row was most of the cost of reading a vector table); the other types bound as text are read as
   * text ({@code "c"::text}) and parsed with {@link PostgresText#parse}, so every value arrives
   * exactly (the Vert.x client reads json numbers as doubles, numeric infinities not at all, and
   * enums only as text).
   */
  public static String selectExpression(ColumnDef column) {
    String name = Identifiers.quote(column.targetName());
    if (column.targetType() == TargetType.VECTOR) {
      return "vector_send(" + name + ") AS " + name;
    }
    return bindsAsText(column) ? name + "::text" : name;
  }
}
