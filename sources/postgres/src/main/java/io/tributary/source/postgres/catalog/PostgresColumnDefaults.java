package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.PostgresSequence;
import io.tributary.common.catalog.TargetType;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which source column defaults a PostgreSQL source's tables carry over to the target.
 *
 * <p>A column's default is recorded as {@code pg_get_expr} prints it ({@link
 * ColumnDef#sourceDefault()}), for finalize to set on the target, except:
 *
 * <ul>
 *   <li>generated columns (the target column is a plain one), identities, and serials (their {@code
 *       nextval} of the column's own sequence: finalize re-creates them as identities);
 *   <li>defaults that use another table, or a sequence other than as {@code
 *       nextval('seq'::regclass)}: the target has no such relation; left out with a warning. A
 *       default that is exactly {@code nextval} of a free-standing sequence of a migrated schema is
 *       carried over: the sequence is recorded ({@link PostgresSequence}, created in the target
 *       schema of its own source schema) and the default respelled to name it there;
 *   <li>defaults that use a user-defined type (an enum, a domain, an extension's type) other than
 *       the column's own: the target's types are not the source's; left out with a warning. A cast
 *       of a literal to the column's own type ({@code 'idle'::agent_status}) is respelled with the
 *       column's target type ({@code 'idle'::"app"."agent_status"}), the enum as re-created in the
 *       target; any other default of an enum column, which would name the source's type, is left
 *       out with a warning.
 * </ul>
 *
 * Defaults that call functions are kept as they are: a function the target database does not have
 * ({@code uuid_generate_v4()} without the extension, a function of the source's schema) fails
 * finalize's DEFAULT step of that table with PostgreSQL's message; a warning names the functions
 * that are not built in.
 */
public final class PostgresColumnDefaults {
  private static final Pattern LITERAL_CAST = Pattern.compile("('(?:[^']|'')*')::(.+)");

  private PostgresColumnDefaults() {}

  /**
   * The source default of a column that is neither an identity nor a serial nor generated, as
   * recorded for the target (see the class comment), or null when it is not carried over.
   *
   * @param expression the default as {@code pg_get_expr} prints it
   * @param usesRelation whether it uses a table or sequence ({@code pg_depend}, besides its own
   *     table)
   * @param types the user-defined types it uses ({@code pg_depend}; built-in ones are not listed)
   * @param ownTypes the column's type, its element type and its domain's base type
   * @param sourceType the column's type as {@code format_type} prints it
   * @param column the column with its target type
   * @param warnings takes why a default is left out
   */
  public static String carriedDefault(
      String expression,
      boolean usesRelation,
      Collection<Long> types,
      Set<Long> ownTypes,
      String sourceType,
      ColumnDef column,
      Consumer<String> warnings) {
    if (usesRelation) {
      warnings.accept(
          "its default "
              + expression
              + " uses a sequence or table that the target does not have; not set on the target");
      return null;
    }
    if (!ownTypes.containsAll(types)) {
      warnings.accept(
          "its default "
              + expression
              + " uses a user-defined type other than the column's own, which the target does not"
              + " have; not set on the target");
      return null;
    }
    Matcher cast = LITERAL_CAST.matcher(expression);
    if (!types.isEmpty() && cast.matches() && cast.group(2).equals(sourceType)) {
      return cast.group(1) + "::" + column.targetSql();
    }
    if (column.targetType() == TargetType.ENUM || column.elementType() == TargetType.ENUM) {
      warnings.accept(
          "its default "
              + expression
              + " is not a label of its enum type; not set on the target (give it as the plan's"
              + " default)");
      return null;
    }
    return expression;
  }
}
