package io.tributary.source.postgres.objects;

import io.tributary.common.naming.Identifiers;
import io.tributary.source.spi.intake.SchemaObjectStatements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The statements that make a source's schema objects in a target schema, from the definitions
 * PostgreSQL gives of them ({@code pg_get_viewdef}, {@code pg_get_functiondef}, {@code
 * pg_get_triggerdef}, {@code pg_get_ruledef}) read with the source schema alone on the search path:
 * a name of that schema comes unqualified and so lands in the target schema, made first on the
 * search path when the statement runs ({@link #inSchema}).
 */
public final class PostgresObjectStatements {
  private PostgresObjectStatements() {}

  /**
   * {@code ddl} run as {@code owner} (the target schema's owner role, which then owns the object)
   * with {@code schema} alone on the search path, both restored after it: one statement text, as
   * finalize and provisioning run a step.
   */
  static String inSchema(String owner, String schema, String ddl) {
    return SchemaObjectStatements.inSchema(owner, schema, ddl);
  }

  /** {@code CREATE VIEW name (columns) [WITH (options)] AS query}. */
  static String view(String name, String columns, String options, String query) {
    return "CREATE VIEW " + viewBody(name, columns, options, query);
  }

  /**
   * {@code CREATE MATERIALIZED VIEW name (columns) [WITH (options)] AS query WITH NO DATA}: it is
   * filled by its refresh, a finalize step of its own, once the tables it reads are loaded.
   */
  static String materializedView(String name, String columns, String options, String query) {
    return "CREATE MATERIALIZED VIEW " + viewBody(name, columns, options, query) + " WITH NO DATA";
  }

  private static String viewBody(String name, String columns, String options, String query) {
    return Identifiers.quote(name)
        + " ("
        + columns
        + ")"
        + (options == null || options.isBlank() ? "" : " WITH (" + options + ")")
        + " AS "
        + withoutSemicolon(query);
  }

  /** {@code REFRESH MATERIALIZED VIEW view}, the view qualified and quoted. */
  public static String refresh(String view) {
    return "REFRESH MATERIALIZED VIEW " + view;
  }

  /**
   * A function's or procedure's definition ({@code pg_get_functiondef}, which always qualifies the
   * function's own name) with its name unqualified, so that it is made in the target schema.
   *
   * @param qualified the name as {@code pg_get_functiondef} writes it ({@code quote_ident(schema)
   *     || '.' || quote_ident(name)})
   * @param name the function's name
   */
  static String function(String definition, String qualified, String name) {
    int at = definition.indexOf(qualified + "(");
    if (at < 0) {
      throw new IllegalArgumentException(
          "the definition of " + qualified + " does not name it: " + definition);
    }
    return definition.substring(0, at)
        + Identifiers.quote(name)
        + definition.substring(at + qualified.length());
  }

  /**
   * A function definition's {@code SET search_path TO …} clause with each source schema it names
   * replaced by its target schema; the definition unchanged when it has none.
   *
   * @param schemas target schema by source schema name
   */
  static String searchPath(String definition, Map<String, String> schemas) {
    String clause = "\n SET search_path TO ";
    int at = definition.indexOf(clause);
    if (at < 0) {
      return definition;
    }
    int from = at + clause.length();
    int end = definition.indexOf('\n', from);
    end = end < 0 ? definition.length() : end;
    List<String> items = new ArrayList<>();
    for (String item : definition.substring(from, end).split(",")) {
      String name = item.strip();
      if (name.length() >= 2 && name.startsWith("'") && name.endsWith("'")) {
        name = name.substring(1, name.length() - 1).replace("''", "'");
      }
      if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
        name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
      }
      String target = schemas.get(name);
      items.add(target == null ? item.strip() : Identifiers.literal(target)); // one element each
    }
    return definition.substring(0, from) + String.join(", ", items) + definition.substring(end);
  }

  /** An aggregate's parts, as {@code pg_aggregate} holds them (null: not set). */
  record Aggregate(
      String name,
      String arguments,
      String sfunc,
      String stype,
      int sspace,
      String finalfunc,
      boolean finalExtra,
      String combinefunc,
      String serialfunc,
      String deserialfunc,
      String initcond,
      String msfunc,
      String minvfunc,
      String mstype,
      int msspace,
      String mfinalfunc,
      boolean mfinalExtra,
      String minitcond,
      String sortop,
      String parallel) {}

  /** {@code CREATE AGGREGATE name (arguments) (SFUNC = …, STYPE = …, …)}. */
  static String aggregate(Aggregate a) {
    List<String> parts = new ArrayList<>();
    parts.add("SFUNC = " + a.sfunc());
    parts.add("STYPE = " + a.stype());
    if (a.sspace() > 0) {
      parts.add("SSPACE = " + a.sspace());
    }
    if (a.finalfunc() != null) {
      parts.add("FINALFUNC = " + a.finalfunc());
      if (a.finalExtra()) {
        parts.add("FINALFUNC_EXTRA");
      }
    }
    add(parts, "COMBINEFUNC", a.combinefunc());
    add(parts, "SERIALFUNC", a.serialfunc());
    add(parts, "DESERIALFUNC", a.deserialfunc());
    if (a.initcond() != null) {
      parts.add("INITCOND = " + Identifiers.literal(a.initcond()));
    }
    if (a.msfunc() != null) {
      parts.add("MSFUNC = " + a.msfunc());
      add(parts, "MINVFUNC", a.minvfunc());
      add(parts, "MSTYPE", a.mstype());
      if (a.msspace() > 0) {
        parts.add("MSSPACE = " + a.msspace());
      }
      if (a.mfinalfunc() != null) {
        parts.add("MFINALFUNC = " + a.mfinalfunc());
        if (a.mfinalExtra()) {
          parts.add("MFINALFUNC_EXTRA");
        }
      }
      if (a.minitcond() != null) {
        parts.add("MINITCOND = " + Identifiers.literal(a.minitcond()));
      }
    }
    add(parts, "SORTOP", a.sortop() == null ? null : "OPERATOR(" + a.sortop() + ")");
    switch (a.parallel()) {
      case "s" -> parts.add("PARALLEL = SAFE");
      case "r" -> parts.add("PARALLEL = RESTRICTED");
      default -> {}
    }
    return "CREATE AGGREGATE "
        + Identifiers.quote(a.name())
        + " ("
        + (a.arguments().isEmpty() ? "*" : a.arguments())
        + ") ("
        + String.join(", ", parts)
        + ")";
  }

  /**
   * What a trigger's or a rule's enabled state ({@code tgenabled}, {@code ev_enabled}) adds after
   * it is made: {@code D} disabled, {@code R} replica only, {@code A} always; {@code O} (the
   * default: fires in sessions that are not replicas, so not for apply) adds nothing.
   *
   * @param what {@code TRIGGER} or {@code RULE}
   */
  static String enabled(String what, String table, String name, String state) {
    String clause =
        switch (state) {
          case "D" -> "DISABLE ";
          case "R" -> "ENABLE REPLICA ";
          case "A" -> "ENABLE ALWAYS ";
          default -> null;
        };
    return clause == null
        ? null
        : "ALTER TABLE "
            + Identifiers.quote(table)
            + " "
            + clause
            + what
            + " "
            + Identifiers.quote(name);
  }

  /** {@code COMMENT ON <what> IS 'text'}. */
  static String comment(String what, String text) {
    return "COMMENT ON " + what + " IS " + Identifiers.literal(text);
  }

  private static void add(List<String> parts, String key, String value) {
    if (value != null) {
      parts.add(key + " = " + value);
    }
  }

  static String withoutSemicolon(String sql) {
    return SchemaObjectStatements.withoutSemicolon(sql);
  }
}
