package io.tributary.source.spi.intake;

import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.FinalizeStep;
import java.util.List;

/**
 * How a kind's intake carries its {@link SchemaObject}s: each made object's statements run as the
 * target schema's owner role (which then owns the object) with that schema alone on the search path
 * ({@link #inSchema}), as one {@link FinalizeStep.Kind#OBJECT} step — run at provisioning with the
 * tables, each in its own subtransaction, and again by finalize, which reports PostgreSQL's error —
 * and a note of every object, made or not.
 */
public final class SchemaObjectStatements {
  private SchemaObjectStatements() {}

  /**
   * {@code ddl} run as {@code owner} with {@code schema} alone on the search path, both restored
   * after it: one statement text, as finalize and provisioning run a step.
   */
  public static String inSchema(String owner, String schema, String ddl) {
    return inSchemas(owner, List.of(schema), ddl);
  }

  /**
   * {@code ddl} run as {@code owner} with {@code searchPath} (its first schema, where unqualified
   * objects are made, first), both restored after it: an object attached to a table the plan moved
   * to another schema is made there, and still finds its source schema's other objects in the
   * schema they went to.
   */
  public static String inSchemas(String owner, List<String> searchPath, String ddl) {
    return "SET LOCAL ROLE "
        + Identifiers.quote(owner)
        + "; SET LOCAL search_path = "
        + String.join(", ", searchPath.stream().distinct().map(Identifiers::quote).toList())
        + "; "
        + withoutSemicolon(ddl)
        + "; RESET ROLE; RESET search_path";
  }

  /** The statement without the semicolons (and blanks) it ends with. */
  public static String withoutSemicolon(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).stripTrailing();
    }
    return s;
  }

  /**
   * Adds an {@link FinalizeStep.Kind#OBJECT} step for each object made (its one statement, on its
   * target name) to {@code steps}, and each object's note to {@code notes}, in order.
   */
  public static void steps(
      List<SchemaObject> objects, List<FinalizeStep> steps, List<String> notes) {
    for (SchemaObject object : objects) {
      notes.add(object.note());
      if (object.made()) {
        steps.add(
            new FinalizeStep(
                FinalizeStep.Kind.OBJECT, object.target(), object.statements().get(0), null));
      }
    }
  }
}
