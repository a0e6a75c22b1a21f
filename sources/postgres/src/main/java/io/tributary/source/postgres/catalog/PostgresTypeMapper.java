package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.TargetType;
import io.tributary.common.naming.Identifiers;
import java.util.function.Function;

/**
 * Maps a PostgreSQL source column type to itself in the target: the {@link TargetType} and the full
 * spelling ({@code numeric(10,2)}, {@code character varying(255)}, {@code timestamp(3) with time
 * zone}, {@code vector(384)}, {@code "app"."mood"}, {@code integer[]}). Domains become their base
 * type (their constraints are not carried over). Types Tributary has no type for yet ({@code
 * interval}, {@code inet}, {@code money}, {@code xml}, ranges, composites, ...) become {@code text}
 * holding PostgreSQL's text form of the value, and the mapping says why.
 */
public final class PostgresTypeMapper {
  private static final int VARHDRSZ = 4;

  private PostgresTypeMapper() {}

  /**
   * The target type of a column.
   *
   * @param type the column's type
   * @param typmod the column's type modifier ({@code atttypmod}; -1 for none)
   * @param enumSchema the target schema in which an enum type is re-created
   */
  public static Mapping map(
      PostgresType type, int typmod, Function<PostgresType, String> enumSchema) {
    PostgresType resolved = type;
    int mod = typmod;
    while (resolved.kind() == 'd' && resolved.base() != null) {
      mod = mod >= 0 ? mod : resolved.baseTypmod();
      resolved = resolved.base();
    }
    if (resolved.isArray()) {
      PostgresType element = resolved.element();
      while (element.kind() == 'd' && element.base() != null) {
        mod = mod >= 0 ? mod : element.baseTypmod();
        element = element.base();
      }
      Mapping scalar = scalar(element, mod, enumSchema);
      if (scalar.fallback() != null) {
        return new Mapping(TargetType.TEXT, "text", null, null, "array of " + scalar.fallback());
      }
      return new Mapping(
          TargetType.ARRAY, scalar.targetSql() + "[]", scalar.type(), scalar.enumType(), null);
    }
    return scalar(resolved, mod, enumSchema);
  }

  private static Mapping scalar(
      PostgresType type, int typmod, Function<PostgresType, String> enumSchema) {
    if (type.kind() == 'e') {
      return new Mapping(
          TargetType.ENUM,
          Identifiers.qualified(enumSchema.apply(type), type.name()),
          null,
          type,
          null);
    }
    if (!"pg_catalog".equals(type.schema())) {
      return switch (type.name()) {
        case "vector" -> simple(TargetType.VECTOR, "vector" + dims(typmod));
        case "halfvec" -> simple(TargetType.HALFVEC, "halfvec" + dims(typmod));
        case "sparsevec" -> simple(TargetType.SPARSEVEC, "sparsevec" + dims(typmod));
        default -> fallback(type);
      };
    }
    return switch (type.name()) {
      case "int2" -> simple(TargetType.SMALLINT, "smallint");
      case "int4" -> simple(TargetType.INTEGER, "integer");
      case "int8" -> simple(TargetType.BIGINT, "bigint");
      case "float4" -> simple(TargetType.REAL, "real");
      case "float8" -> simple(TargetType.DOUBLE, "double precision");
      case "numeric" -> simple(TargetType.NUMERIC, numeric(typmod));
      case "bool" -> simple(TargetType.BOOLEAN, "boolean");
      case "text", "name" -> simple(TargetType.TEXT, "text");
      case "varchar" ->
          simple(
              TargetType.TEXT,
              typmod >= VARHDRSZ
                  ? "character varying(" + (typmod - VARHDRSZ) + ")"
                  : "character varying");
      case "bpchar" ->
          simple(
              TargetType.TEXT,
              typmod >= VARHDRSZ ? "character(" + (typmod - VARHDRSZ) + ")" : "bpchar");
      case "bytea" -> simple(TargetType.BYTEA, "bytea");
      case "uuid" -> simple(TargetType.UUID, "uuid");
      case "json" -> simple(TargetType.JSON, "json");
      case "jsonb" -> simple(TargetType.JSONB, "jsonb");
      case "date" -> simple(TargetType.DATE, "date");
      case "time" -> simple(TargetType.TIME, "time" + precision(typmod) + " without time zone");
      case "timestamp" ->
          simple(TargetType.TIMESTAMP, "timestamp" + precision(typmod) + " without time zone");
      case "timestamptz" ->
          simple(TargetType.TIMESTAMPTZ, "timestamp" + precision(typmod) + " with time zone");
      default -> fallback(type);
    };
  }

  private static Mapping simple(TargetType type, String sql) {
    return new Mapping(type, sql, null, null, null);
  }

  private static Mapping fallback(PostgresType type) {
    return new Mapping(
        TargetType.TEXT,
        "text",
        null,
        null,
        "type "
            + type.qualifiedName()
            + " has no Tributary type yet; migrated as text (PostgreSQL's text form)");
  }

  private static String dims(int typmod) {
    return typmod > 0 ? "(" + typmod + ")" : "";
  }

  private static String precision(int typmod) {
    return typmod >= 0 ? "(" + typmod + ")" : "";
  }

  /** numeric's typmod: ((precision << 16) | scale) + VARHDRSZ, scale an 11-bit signed field. */
  private static String numeric(int typmod) {
    if (typmod < VARHDRSZ) {
      return "numeric";
    }
    int t = typmod - VARHDRSZ;
    int precision = (t >> 16) & 0xffff;
    int scale = ((t & 0x7ff) ^ 1024) - 1024;
    return "numeric(" + precision + "," + scale + ")";
  }

  /**
   * The target of a column type.
   *
   * @param type the target type
   * @param targetSql its full spelling
   * @param elementType for arrays the element type, else null
   * @param enumType the source enum type the column (or its elements) are of, else null
   * @param fallback why the column is migrated as text, when it is for lack of a type; else null
   */
  public record Mapping(
      TargetType type,
      String targetSql,
      TargetType elementType,
      PostgresType enumType,
      String fallback) {}
}
