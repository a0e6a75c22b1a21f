package io.tributary.source.postgres.catalog;

import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.SchemaRoleDdlBuilder;
import io.tributary.common.sql.TableDdlBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code CREATE} statements of a source's domains, composite and range types in the target
 * ({@link PostgresUserType#create}). Their parts that come from the source catalog — a domain's
 * default and CHECK constraints as {@code pg_get_expr}/{@code pg_get_constraintdef} print them, a
 * collation or operator class name already quoted by {@code quote_ident} — are PostgreSQL's own
 * deparsed text; names are quoted here. Strings only.
 */
public final class PostgresUserTypeStatements {
  private PostgresUserTypeStatements() {}

  /**
   * The provisioning statements that make the types, in order: each as its target schema's owner
   * role, with that schema alone on the search path (what a domain's default or CHECK names of its
   * own schema resolves there), and left as it is when a type of its name exists.
   */
  public static List<String> inTarget(List<PostgresUserType> types) {
    List<String> statements = new ArrayList<>();
    for (PostgresUserType type : types) {
      statements.add(SchemaRoleDdlBuilder.actAs(type.targetSchema()));
      statements.add("SET LOCAL search_path = " + Identifiers.quote(type.targetSchema()));
      statements.add(TableDdlBuilder.unlessExists(type.create()));
      statements.add(SchemaRoleDdlBuilder.RESUME);
      statements.add("RESET search_path");
    }
    return statements;
  }

  /**
   * {@code CREATE DOMAIN "s"."d" AS base [COLLATE c] [DEFAULT e] [NOT NULL] [CONSTRAINT "k" CHECK
   * (...)]...}.
   *
   * @param checks each constraint as {@code "name" CHECK (...)}
   */
  static String domain(
      String target,
      String name,
      String base,
      String collation,
      String defaultSql,
      boolean notNull,
      List<String> checks) {
    StringBuilder sql =
        new StringBuilder("CREATE DOMAIN ")
            .append(Identifiers.qualified(target, name))
            .append(" AS ")
            .append(base);
    if (collation != null) {
      sql.append(" COLLATE ").append(collation);
    }
    if (defaultSql != null) {
      sql.append(" DEFAULT ").append(defaultSql);
    }
    if (notNull) {
      sql.append(" NOT NULL");
    }
    for (String check : checks) {
      sql.append(" CONSTRAINT ").append(check);
    }
    return sql.toString();
  }

  /** An attribute of a composite type: {@code "name" type [COLLATE c]}. */
  static String attribute(String name, String type, String collation) {
    return Identifiers.quote(name)
        + " "
        + type
        + (collation == null ? "" : " COLLATE " + collation);
  }

  /** {@code CREATE TYPE "s"."t" AS ("a" integer, ...)}. */
  static String composite(String target, String name, List<String> attributes) {
    return "CREATE TYPE "
        + Identifiers.qualified(target, name)
        + " AS ("
        + String.join(", ", attributes)
        + ")";
  }

  /**
   * {@code CREATE TYPE "s"."r" AS RANGE (SUBTYPE = t [, SUBTYPE_OPCLASS = o] [, COLLATION = c] [,
   * SUBTYPE_DIFF = f], MULTIRANGE_TYPE_NAME = "s"."m")}.
   */
  static String range(
      String target,
      String name,
      String subtype,
      String opclass,
      String collation,
      String subtypeDiff,
      String multirange) {
    StringBuilder sql =
        new StringBuilder("CREATE TYPE ")
            .append(Identifiers.qualified(target, name))
            .append(" AS RANGE (SUBTYPE = ")
            .append(subtype);
    if (opclass != null) {
      sql.append(", SUBTYPE_OPCLASS = ").append(opclass);
    }
    if (collation != null) {
      sql.append(", COLLATION = ").append(collation);
    }
    if (subtypeDiff != null) {
      sql.append(", SUBTYPE_DIFF = ").append(subtypeDiff);
    }
    if (multirange != null) {
      sql.append(", MULTIRANGE_TYPE_NAME = ").append(Identifiers.qualified(target, multirange));
    }
    return sql.append(")").toString();
  }
}
