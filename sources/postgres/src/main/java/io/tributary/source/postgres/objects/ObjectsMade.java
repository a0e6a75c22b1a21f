package io.tributary.source.postgres.objects;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.spi.intake.SchemaObject;
import io.tributary.source.spi.intake.SchemaObjectStatements;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects {@link PostgresObjectReader} has read so far: those made, in dependency order ({@link
 * DependencyOrder}), the comments on tables and columns (made last), those not made, the
 * materialized views to refresh, and the grants (apart: made after every object).
 */
final class ObjectsMade {
  private final DependencyOrder<SchemaObject> order = new DependencyOrder<>();
  private final Set<String> keys = new HashSet<>();
  private final List<SchemaObject> comments = new ArrayList<>();
  private final List<SchemaObject> notMade = new ArrayList<>();
  private final List<String> refreshes = new ArrayList<>();
  private final List<SchemaObject> grants = new ArrayList<>();
  private final Set<String> roles = new LinkedHashSet<>();
  private final Map<String, List<String>> movedTo;

  /**
   * @param movedTo by target schema, the other target schemas the plan moved some of its source
   *     schema's tables to: searched after it, so that a view or a trigger naming such a table
   *     unqualified finds it (a schema its owner role may not use is skipped by PostgreSQL)
   */
  ObjectsMade(Map<String, List<String>> movedTo) {
    this.movedTo = Map.copyOf(movedTo);
  }

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
    made(
        key,
        new Made(kind, source, target, targetName, ddl),
        literalsNameASchema
            ? "a string in its body names a source schema (dynamic SQL?), which is not"
                + " rewritten: check it"
            : null);
  }

  /**
   * An object attached to {@code table} (a constraint, a trigger, a rule, a policy): made in the
   * table's target schema, finding the source schema's other objects in {@code home}; one the plan
   * moved elsewhere gets a check, as its owner role needs {@code USAGE} on {@code home} for what it
   * names there.
   */
  void madeOnTable(
      String key,
      String kind,
      String source,
      TableDef table,
      String home,
      String name,
      List<String> ddl) {
    String schema = table.targetSchema();
    made(
        key,
        new Made(kind, source, schema, home, schema + "." + table.targetTable() + "." + name, ddl),
        schema.equals(home)
            ? null
            : "made in "
                + schema
                + " (its table's schema): what it names in "
                + home
                + " needs USAGE on that schema for role "
                + schema);
  }

  /**
   * What makes an object: its kind, source name, the target schema it is made in (as that schema's
   * owner role), the target schema its source schema's other objects went to ({@code home}: the
   * same but for an object attached to a table the plan moved to another schema; searched after
   * {@code target}), its target name, and statements.
   */
  record Made(
      String kind, String source, String target, String home, String targetName, List<String> ddl) {
    /** An object made where its source schema's objects go. */
    Made(String kind, String source, String target, String targetName, List<String> ddl) {
      this(kind, source, target, target, targetName, ddl);
    }
  }

  /**
   * As {@link #made(String, String, String, String, String, List, boolean)}, with what a reader
   * should check of it (null: nothing).
   */
  void made(String key, Made m, String check) {
    keys.add(key);
    order.add(key, object(m, check));
  }

  /** A grant made, after every object (on the objects it grants). */
  void grant(Made m, String check) {
    grants.add(object(m, check));
  }

  /** A grant not made, with why. */
  void grantNotMade(SchemaObject grant) {
    grants.add(grant);
  }

  private SchemaObject object(Made m, String check) {
    List<String> path = new ArrayList<>(List.of(m.target(), m.home()));
    path.addAll(movedTo.getOrDefault(m.home(), List.of()));
    String statement =
        SchemaObjectStatements.inSchemas(m.target(), path, String.join("; ", m.ddl()));
    SchemaObject object =
        SchemaObject.made(m.kind(), m.source(), m.targetName(), List.of(statement));
    return check == null ? object : object.checking(check);
  }

  /** A role (not the schema's own) that a grant or a policy made names: it must exist. */
  void role(String role) {
    roles.add(role);
  }

  /** The roles the grants and policies made name, but the schemas' own. */
  Set<String> roles() {
    return roles;
  }

  /** The grants, made or not, in the order read. */
  List<SchemaObject> grants() {
    return grants;
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
