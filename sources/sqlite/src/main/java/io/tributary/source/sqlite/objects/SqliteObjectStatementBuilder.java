package io.tributary.source.sqlite.objects;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.spi.intake.SchemaObjectStatements;
import java.util.List;

/**
 * The PostgreSQL statements that make a SQLite file's views and triggers in a target schema, from
 * their translated parts ({@link SqliteQueryTranslator}, {@link SqliteTriggerTranslator}) or from
 * the plan's replacement of one.
 */
final class SqliteObjectStatementBuilder {
  /** The dollar quote of a trigger function's body. */
  static final String BODY_QUOTE = "$tributary_trigger$";

  private SqliteObjectStatementBuilder() {}

  /** {@code CREATE OR REPLACE VIEW "name" AS query}. */
  static String view(String name, String query) {
    return "CREATE OR REPLACE VIEW "
        + Identifiers.quote(name)
        + " AS "
        + SchemaObjectStatements.withoutSemicolon(query);
  }

  /**
   * {@code CREATE OR REPLACE FUNCTION "name"() RETURNS trigger} in PL/pgSQL: {@code statements},
   * then {@code RETURN returns}.
   *
   * @throws Untranslatable when a statement holds the body's dollar quote
   */
  static String triggerFunction(String name, List<String> statements, String returns) {
    StringBuilder body = new StringBuilder("BEGIN\n");
    for (String s : statements) {
      if (s.contains(BODY_QUOTE)) {
        throw new Untranslatable("its body holds " + BODY_QUOTE);
      }
      body.append("  ").append(s).append(";\n");
    }
    body.append("  RETURN ").append(returns).append(";\nEND\n");
    return "CREATE OR REPLACE FUNCTION "
        + Identifiers.quote(name)
        + "() RETURNS trigger LANGUAGE plpgsql AS "
        + BODY_QUOTE
        + "\n"
        + body
        + BODY_QUOTE;
  }

  /**
   * {@code CREATE TRIGGER "name" timing event [OF columns] ON table FOR EACH ROW [WHEN (when)]
   * EXECUTE FUNCTION "function"()}: an ordinary trigger, which fires for the applications' writes
   * and not for apply's (a replica's).
   *
   * @param columns the columns of {@code UPDATE OF}, quoted; empty for none
   * @param when the condition in PostgreSQL; null for none
   */
  static String trigger(
      String name,
      String timing,
      String event,
      List<String> columns,
      TableDef table,
      String when,
      String function) {
    return "CREATE TRIGGER "
        + Identifiers.quote(name)
        + " "
        + timing
        + " "
        + event
        + (columns.isEmpty() ? "" : " OF " + String.join(", ", columns))
        + " ON "
        + Identifiers.qualified(table.targetSchema(), table.targetTable())
        + " FOR EACH ROW"
        + (when == null ? "" : " WHEN (" + when + ")")
        + " EXECUTE FUNCTION "
        + Identifiers.quote(function)
        + "()";
  }

  /**
   * The trigger dropped before it is made again (finalize runs a step again after it failed): a
   * trigger has no {@code CREATE OR REPLACE} before PostgreSQL 14.
   */
  static String dropTrigger(String name, TableDef table) {
    return "DROP TRIGGER IF EXISTS "
        + Identifiers.quote(name)
        + " ON "
        + Identifiers.qualified(table.targetSchema(), table.targetTable());
  }
}
