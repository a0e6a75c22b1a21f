package io.tributary.source.postgres.objects;

import io.tributary.source.spi.intake.SchemaObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The objects {@link PostgresObjectReader} has read so far: those made, in dependency order ({@link
 * DependencyOrder}), the comments on tables and columns (made last), those not made, and the
 * materialized views to refresh.
 */
final class ObjectsMade {
  private final DependencyOrder<SchemaObject> order = new DependencyOrder<>();
  private final Set<String> keys = new HashSet<>();
  private final List<SchemaObject> comments = new ArrayList<>();
  private final List<SchemaObject> notMade = new ArrayList<>();
  private final List<String> refreshes = new ArrayList<>();

  /**
   * An object made in {@code target} by {@code ddl}, run as the schema's owner with the schema on
   * the search path.
   *
   * @param key its catalog and oid ({@code pg_proc:16384}), what dependencies name
   * @param literalsNameASchema whether a string in its body names a source schema (dynamic SQL no
   *     rewrite reaches)
   */
  void made(
      String key,
      String kind,
      String source,
      String target,
      String targetName,
      List<String> ddl,
      boolean literalsNameASchema) {
    keys.add(key);
    String statement = PostgresObjectStatements.inSchema(target, target, String.join("; ", ddl));
    SchemaObject object = SchemaObject.made(kind, source, targetName, List.of(statement));
    order.add(
        key,
        literalsNameASchema
            ? object.checking(
                "a string in its body names a source schema (dynamic SQL?), which is not"
                    + " rewritten: check it")
            : object);
  }

  /** An object not made, with why. */
  void notMade(SchemaObject object) {
    notMade.add(object);
  }

  /** A comment on a table or a column, made after every object. */
  void comment(SchemaObject object) {
    comments.add(object);
  }

  /** A materialized view (qualified and quoted) to fill once the tables are loaded. */
  void refresh(String view) {
    refreshes.add(view);
  }

  /** {@code key} is made after {@code needed}, when both were read. */
  void needs(String key, String needed) {
    if (order.has(key) && order.has(needed)) {
      order.needs(key, needed);
    }
  }

  /** The keys of the objects made. */
  Set<String> keys() {
    return keys;
  }

  /** Every object: those made in dependency order, the comments, then those not made. */
  List<SchemaObject> all() {
    List<SchemaObject> all = new ArrayList<>(order.ordered());
    all.addAll(comments);
    all.addAll(notMade);
    return all;
  }

  /** The materialized views to refresh. */
  List<String> refreshes() {
    return refreshes;
  }

  /** Adds {@code COMMENT ON on IS text} to {@code ddl} when there is a text. */
  static void comment(List<String> ddl, String on, String text) {
    if (text != null) {
      ddl.add(PostgresObjectStatements.comment(on, text));
    }
  }
}
