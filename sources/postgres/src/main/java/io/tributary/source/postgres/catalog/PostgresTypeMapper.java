package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.TargetType;
import io.tributary.common.naming.Identifiers;
import java.util.function.Function;

/**
 * Maps a PostgreSQL source column type to itself in the target: the {@link TargetType} and the full
 * spelling ({@code numeric(10,2)}, {@code character varying(255)}, {@code timestamp(3) with time
 * zone}, {@code vector(384)}, {@code "app"."mood"}, {@code integer[]}, {@code tsvector}, {@code
 * bit(8)}, {@code "app"."price_range"}). Built-in types Tributary has no value type for ({@code
 * tsvector}, {@code interval}, {@code inet}, {@code money}, {@code xml}, geometric types, ranges,
 * ...) and the source's composite, range and multirange types are kept as themselves, their values
 * carried as their text form ({@link TargetType#TEXT_FORM}); a domain keeps its base type's value
 * type under its own name. User-defined types go where {@code userTypeSchema} says (it records them
 * for the target); one it does not make there (null) is resolved as before: a domain to its base
 * type, anything else to {@code text} holding its text form, the mapping saying why.
 */
public final class PostgresTypeMapper {
  private static final int VARHDRSZ = 4;

  private PostgresTypeMapper() {}

  /**
   * The target type of a column.
   *
   * @param type the column's type
   * @param typmod the column's type modifier ({@code atttypmod}; -1 for none)
   * @param userTypeSchema the target schema in which a user-defined type (enum, domain, composite,
   *     range, multirange) is re-created; null when it is not
   */
  public static Mapping map(
      PostgresType type, int typmod, Function<PostgresType, String> userTypeSchema) {
    if (type.kind() == 'd' && type.base() != null) {
      Mapping base = map(type.base(), typmod >= 0 ? typmod : type.baseTypmod(), userTypeSchema);
      String schema = base.fallback() == null ? userTypeSchema.apply(type) : null;
      if (schema == null) {
        return base;
      }
      return new Mapping(
          base.type(),
          Identifiers.qualified(schema, type.name()),
          base.elementType(),
          base.enumType(),
          null,
          type);
    }
    if (type.isArray()) {
      Mapping scalar = map(type.element(), typmod, userTypeSchema);
      if (scalar.fallback() != null) {
        return new Mapping(
            TargetType.TEXT, "text", null, null, "array of " + scalar.fallback(), null);
      }
      if (scalar.type() == TargetType.TEXT_FORM) {
        return new Mapping(
            TargetType.TEXT_FORM, scalar.targetSql() + "[]", null, null, null, scalar.userType());
      }
      return new Mapping(
          TargetType.ARRAY,
          scalar.targetSql() + "[]",
          scalar.type(),
          scalar.enumType(),
          null,
          scalar.userType());
    }
    return scalar(type, typmod, userTypeSchema);
  }

  private static Mapping scalar(
      PostgresType type, int typmod, Function<PostgresType, String> userTypeSchema) {
    if (type.kind() == 'e') {
      String schema = userTypeSchema.apply(type);
      return new Mapping(
          TargetType.ENUM, Identifiers.qualified(schema, type.name()), null, type, null, type);
    }
    boolean builtin = "pg_catalog".equals(type.schema());
    if (!builtin && (type.kind() == 'c' || type.kind() == 'r' || type.kind() == 'm')) {
      String schema = userTypeSchema.apply(type);
      if (schema == null) {
        return fallback(type, "is not made in the target");
      }
      return new Mapping(
          TargetType.TEXT_FORM, Identifiers.qualified(schema, type.name()), null, null, null, type);
    }
    if (!builtin) {
      return switch (type.name()) {
        case "vector" -> simple(TargetType.VECTOR, "vector" + dims(typmod));
        case "halfvec" -> simple(TargetType.HALFVEC, "halfvec" + dims(typmod));
        case "sparsevec" -> simple(TargetType.SPARSEVEC, "sparsevec" + dims(typmod));
        default -> fallback(type, "is an extension's type Tributary does not keep yet");
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
      default ->
          BuiltinTextForms.spelling(type.name(), typmod)
              .map(sql -> simple(TargetType.TEXT_FORM, sql))
              .orElseGet(() -> fallback(type, BuiltinTextForms.whyNot(type.name())));
    };
  }

  private static Mapping simple(TargetType type, String sql) {
    return new Mapping(type, sql, null, null, null, null);
  }

  private static Mapping fallback(PostgresType type, String why) {
    return new Mapping(
        TargetType.TEXT,
        "text",
        null,
        null,
        "type " + type.qualifiedName() + " " + why + "; migrated as text (PostgreSQL's text form)",
        null);
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
   * @param userType the user-defined type (enum, domain, composite, range) the spelling names, the
   *     column's or its elements'; else null
   */
  public record Mapping(
      TargetType type,
      String targetSql,
      TargetType elementType,
      PostgresType enumType,
      String fallback,
      PostgresType userType) {}
}
