package io.tributary.common.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tributary.common.naming.Identifiers;
import java.util.regex.Pattern;

/**
 * A free-standing sequence of a PostgreSQL source (not owned by a column: neither a serial's nor an
 * identity's) that a migrated column's default draws from, {@code DEFAULT
 * nextval('message_seq_id'::regclass)}. Provisioning creates it in the target schema of its source
 * schema with the source's properties and hands it to that schema's role; the column's default is
 * respelled to name it there (finalize's DEFAULT step sets it); finalize's SEQUENCE step sets it
 * past the highest value of every column drawing from it, so that applications switched to the
 * target go on numbering after the rows they wrote to the source.
 *
 * @param dataType {@code smallint}, {@code integer} or {@code bigint}
 */
public record PostgresSequence(
    String sourceSchema,
    String sourceName,
    String targetSchema,
    String targetName,
    String dataType,
    long start,
    long increment,
    long min,
    long max,
    long cache,
    boolean cycle) {

  private static final Pattern NEXTVAL = Pattern.compile("nextval\\('((?:[^']|'')+)'::regclass\\)");

  /** {@code "schema"."name"} in the target. */
  @JsonIgnore
  public String targetSql() {
    return Identifiers.qualified(targetSchema, targetName);
  }

  /** The default of a column that draws from it on the target. */
  @JsonIgnore
  public String nextvalDefault() {
    return "nextval(" + Identifiers.literal(targetSql()) + "::regclass)";
  }

  /** Whether a column's default draws from this sequence (as respelled for the target). */
  public boolean feeds(ColumnDef column) {
    return column.identity() == null && nextvalDefault().equals(column.sourceDefault());
  }

  /** Whether a default is exactly {@code nextval('<a sequence>'::regclass)}. */
  public static boolean isNextval(String expression) {
    return expression != null && NEXTVAL.matcher(expression.trim()).matches();
  }

  /** {@code CREATE SEQUENCE IF NOT EXISTS} with the source's properties. */
  public String createStatement() {
    return "CREATE SEQUENCE IF NOT EXISTS "
        + targetSql()
        + " AS "
        + dataType
        + " INCREMENT BY "
        + increment
        + " MINVALUE "
        + min
        + " MAXVALUE "
        + max
        + " START WITH "
        + start
        + " CACHE "
        + cache
        + (cycle ? " CYCLE" : " NO CYCLE");
  }
}
