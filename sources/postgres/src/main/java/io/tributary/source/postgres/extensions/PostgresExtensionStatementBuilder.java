package io.tributary.source.postgres.extensions;

import io.tributary.common.naming.Identifiers;
import io.tributary.source.spi.intake.SchemaObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The statements that make an extension a source needs in the target database. An extension is the
 * database's, shared by every schema: it is made in the schema that holds it on the source when
 * that schema is not one the migration moves (a dedicated {@code extensions} schema, {@code
 * public}), so that the names the source's definitions qualify with it ({@code
 * public.gin_trgm_ops}) still name it; one the source keeps in a migrated schema goes to {@code
 * public}: not into an application's schema, where it would be Tributary's among the application's
 * objects (the index builds and objects that name it unqualified find it on their search path).
 * Builds strings only.
 */
public final class PostgresExtensionStatementBuilder {
  private PostgresExtensionStatementBuilder() {}

  /** The schema {@code extension} is made in on the target. */
  public static String schema(RequiredExtension extension, Collection<String> migratedSchemas) {
    String schema = extension.sourceSchema();
    return schema == null || migratedSchemas.contains(schema) ? "public" : schema;
  }

  /**
   * The extension as the plan's answer names it ({@link SchemaObject#EXTENSION}): the statements
   * that make it, run first at provisioning where the target database lacks it; what needs it as
   * its check. Column types are not among what needs it: a column of an extension's type other than
   * pgvector's arrives as {@code text}. Null when nothing else needs it.
   */
  public static SchemaObject object(RequiredExtension extension, Collection<String> migrated) {
    List<String> by = extension.neededByObjects();
    if (by.isEmpty()) {
      return null;
    }
    return SchemaObject.made(
            SchemaObject.EXTENSION,
            extension.name(),
            schema(extension, migrated) + "." + extension.name(),
            create(extension, migrated))
        .checking("made where the target database lacks it; needed by " + String.join("; ", by));
  }

  /**
   * {@code CREATE SCHEMA IF NOT EXISTS} (but {@code public}) and {@code CREATE EXTENSION IF NOT
   * EXISTS … WITH SCHEMA …}.
   */
  public static List<String> create(RequiredExtension extension, Collection<String> migrated) {
    String schema = schema(extension, migrated);
    List<String> statements = new ArrayList<>();
    if (!schema.equals("public")) {
      statements.add("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
    }
    statements.add(
        "CREATE EXTENSION IF NOT EXISTS "
            + Identifiers.quote(extension.name())
            + " WITH SCHEMA "
            + Identifiers.quote(schema));
    return statements;
  }
}
