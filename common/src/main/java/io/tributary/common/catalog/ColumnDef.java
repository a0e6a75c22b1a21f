package io.tributary.common.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * One column of a captured table, as recorded in the control schema at provisioning.
 *
 * <p>Definitions recorded before {@code targetSql}, {@code elementType}, {@code identity} and
 * {@code sourceDefault} existed read as before: a missing {@code targetSql} is the type's plain
 * spelling, a missing {@code sourceDefault} is no default (null components are not written).
 *
 * @param name the source column name
 * @param sourceType the declared source type, as written in the source ("" when none)
 * @param targetName the target column name
 * @param targetType the target column type
 * @param keyPosition 1-based position in the primary key, 0 when not a key column
 * @param nullable false when the source declares NOT NULL
 * @param targetSql the full target type as written in DDL, with its parameters: {@code
 *     numeric(10,2)}, {@code character varying(255)}, {@code vector(384)}, {@code "app"."mood"},
 *     {@code "app"."mood"[]}, {@code text[]}; null or blank means {@code targetType.sql()} (for
 *     arrays {@code elementType.arraySql()}); required for enums and enum arrays
 * @param elementType for {@link TargetType#ARRAY} columns the type of the elements (not ARRAY);
 *     null for every other column
 * @param identity how the source column generates its values; null when it does not
 * @param invalid what happens to a value that cannot be cast to the target type; null means {@link
 *     InvalidPolicy#REJECT}
 * @param remap for the {@code uuid5} key strategy: the namespace of the table whose keys this
 *     column holds (its own for a key column, the referenced table's for a foreign key column); the
 *     value becomes {@code uuid5(remap, value as text)}. Null: the value is kept
 * @param sourceDefault the source column's DEFAULT as a PostgreSQL expression, which finalize sets
 *     on the target column ({@link SourceDefaults}): for a PostgreSQL source as {@code pg_get_expr}
 *     prints it ({@code now()}, {@code gen_random_uuid()}, {@code 'x'::text}), with a cast to the
 *     column's own enum or domain respelled for the target; for a SQLite source the literal forms
 *     {@link SourceDefaults#fromSqlite} translates. Null when the source column has no default, or
 *     one that is not carried over (sequences and identities, generated columns, casts to other
 *     user-defined types, SQLite expressions)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnDef(
    String name,
    String sourceType,
    String targetName,
    TargetType targetType,
    int keyPosition,
    boolean nullable,
    String targetSql,
    TargetType elementType,
    IdentityKind identity,
    InvalidPolicy invalid,
    UUID remap,
    String sourceDefault) {
  private static final Map<TargetType, ColumnDef> PLAIN = new EnumMap<>(TargetType.class);

  static {
    for (TargetType type : TargetType.values()) {
      if (!type.spelledByColumn() && type != TargetType.ARRAY) {
        PLAIN.put(type, new ColumnDef("value", "", "value", type, 0, true));
      }
    }
  }

  /**
   * Checks the type and fills in the default spelling.
   *
   * @throws IllegalArgumentException when the type is incomplete: no type, an array without its
   *     element type, an enum without its name, an element type on a column that is not an array
   */
  @JsonCreator
  public ColumnDef {
    if (targetType == null) {
      throw new IllegalArgumentException("column " + name + " has no target type");
    }
    boolean blank = targetSql == null || targetSql.isBlank();
    if (targetType == TargetType.ARRAY) {
      if (elementType == null
          || elementType == TargetType.ARRAY
          || elementType == TargetType.TEXT_FORM) {
        throw new IllegalArgumentException(
            "array column "
                + name
                + " needs its element type (any type but ARRAY and TEXT_FORM: an array of a type"
                + " kept by its text form is itself TEXT_FORM)");
      }
      if (blank && elementType.spelledByColumn()) {
        throw new IllegalArgumentException(
            "array column "
                + name
                + " of "
                + elementType
                + " needs its type in targetSql (\"schema\".\"type\"[])");
      }
      if (blank) {
        targetSql = elementType.arraySql();
      } else if (!TypeSpelling.isArray(targetSql)) {
        throw new IllegalArgumentException(
            "array column " + name + " has a targetSql that is not an array type: " + targetSql);
      }
    } else {
      if (elementType != null) {
        throw new IllegalArgumentException(
            "column " + name + " is not an array and cannot have an element type");
      }
      if (blank && targetType.spelledByColumn()) {
        throw new IllegalArgumentException(
            targetType
                + " column "
                + name
                + " needs its type in targetSql (\"schema\".\"type\", tsvector, bit(8))");
      }
      if (blank) {
        targetSql = targetType.sql();
      }
    }
    targetSql = targetSql.trim();
    if (sourceDefault != null && sourceDefault.isBlank()) {
      sourceDefault = null;
    }
  }

  /** A column without cast rules (as recorded before {@code invalid} and {@code remap} existed). */
  public ColumnDef(
      String name,
      String sourceType,
      String targetName,
      TargetType targetType,
      int keyPosition,
      boolean nullable,
      String targetSql,
      TargetType elementType,
      IdentityKind identity) {
    this(
        name,
        sourceType,
        targetName,
        targetType,
        keyPosition,
        nullable,
        targetSql,
        elementType,
        identity,
        null,
        null,
        null);
  }

  /** A column of a type that needs no parameters (as recorded before targetSql existed). */
  public ColumnDef(
      String name,
      String sourceType,
      String targetName,
      TargetType targetType,
      int keyPosition,
      boolean nullable) {
    this(name, sourceType, targetName, targetType, keyPosition, nullable, null, null, null);
  }

  /**
   * A nullable column named {@code value} of the type's plain spelling, for callers that know only
   * a value's type.
   *
   * @throws IllegalArgumentException for {@code ENUM}, {@code TEXT_FORM} and {@code ARRAY}, which
   *     need their column (the type's name, the element type): {@code what} says what to call
   *     instead
   */
  public static ColumnDef plain(TargetType type, String what) {
    if (type.spelledByColumn() || type == TargetType.ARRAY) {
      throw new IllegalArgumentException(type + " values need their column: " + what);
    }
    return PLAIN.get(type);
  }

  /**
   * The same column with another target type and spelling (null: the type's plain spelling). The
   * source default stays: finalize sets it only where it fits the new type ({@link
   * SourceDefaults#forTarget}).
   */
  public ColumnDef withTarget(TargetType type, String sql, TargetType element) {
    Draft draft = new Draft(this);
    draft.targetType = type;
    draft.targetSql = sql;
    draft.elementType = element;
    return draft.build();
  }

  /** The same column with the plan's rules: target name, invalid-value policy, key remapping. */
  public ColumnDef withRules(String target, InvalidPolicy policy, UUID namespace) {
    Draft draft = new Draft(this);
    draft.targetName = target;
    draft.invalid = policy;
    draft.remap = namespace;
    return draft.build();
  }

  /** The same column at another position of the row identity (0: not a key column). */
  public ColumnDef withKeyPosition(int position) {
    Draft draft = new Draft(this);
    draft.keyPosition = position;
    return draft.build();
  }

  /** The same column with another source default (null: none). */
  public ColumnDef withSourceDefault(String expression) {
    Draft draft = new Draft(this);
    draft.sourceDefault = expression;
    return draft.build();
  }

  /** The policy for a value that cannot be cast: {@link InvalidPolicy#REJECT} unless set. */
  @JsonIgnore
  public InvalidPolicy invalidPolicy() {
    return invalid == null ? InvalidPolicy.REJECT : invalid;
  }

  /**
   * For an array column: a nullable column of its elements, with the element spelling ({@code
   * numeric(10,2)[]} → {@code numeric(10,2)}), for decoding and rendering single elements.
   *
   * @throws IllegalStateException when this column is not an array
   */
  @JsonIgnore
  public ColumnDef element() {
    if (targetType != TargetType.ARRAY) {
      throw new IllegalStateException("column " + name + " is not an array");
    }
    return new ColumnDef(
        name,
        sourceType,
        targetName,
        elementType,
        0,
        true,
        TypeSpelling.elementOf(targetSql),
        null,
        null,
        invalid,
        null,
        null);
  }

  /**
   * The target type without its modifiers, for casts that must neither truncate nor round: {@code
   * numeric(10,2)} → {@code numeric}, {@code vector(3)} → {@code vector}. A {@link
   * TargetType#TEXT_FORM} column's whole spelling: its values are text, which the type's input
   * function reads with the modifier (without it {@code bit} would mean {@code bit(1)}).
   */
  @JsonIgnore
  public String castSql() {
    if (targetType == TargetType.TEXT_FORM) {
      return targetSql;
    }
    return TypeSpelling.withoutModifiers(targetSql);
  }

  /**
   * A column's components the withers change, taken from the column they start from (its name,
   * source type, nullability and identity stay), before building the new column.
   */
  private static final class Draft {
    private final ColumnDef base;
    private String targetName;
    private TargetType targetType;
    private int keyPosition;
    private String targetSql;
    private TargetType elementType;
    private InvalidPolicy invalid;
    private UUID remap;
    private String sourceDefault;

    Draft(ColumnDef base) {
      this.base = base;
      targetName = base.targetName;
      targetType = base.targetType;
      keyPosition = base.keyPosition;
      targetSql = base.targetSql;
      elementType = base.elementType;
      invalid = base.invalid;
      remap = base.remap;
      sourceDefault = base.sourceDefault;
    }

    ColumnDef build() {
      return new ColumnDef(
          base.name,
          base.sourceType,
          targetName,
          targetType,
          keyPosition,
          base.nullable,
          targetSql,
          elementType,
          base.identity,
          invalid,
          remap,
          sourceDefault);
    }
  }
}
