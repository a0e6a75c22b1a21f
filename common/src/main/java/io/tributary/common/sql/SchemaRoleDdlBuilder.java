package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.naming.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Isolates each target schema under its own role: the role (named after the schema, created with
 * LOGIN and no password unless it exists) owns the schema, its tables and its enum types, and
 * PUBLIC loses every right on the schema, so the role of one application cannot read another's
 * schema nor Tributary's control schema. Tributary's own role is made a member of each schema's
 * role so it keeps writing there after the ownership moves. Builds strings only; runs nothing.
 */
public final class SchemaRoleDdlBuilder {
  private SchemaRoleDdlBuilder() {}

  /**
   * The statements that hand {@code schema} and its objects to its role, after they exist. A table
   * of the schema whose column is of an enum type created in another target schema (the type's
   * tables went to several schemas) gets the usage of that type and of its schema, nothing else
   * there.
   */
  public static List<String> isolate(String schema, List<EnumDef> enums, List<TableDef> tables) {
    String role = Identifiers.quote(schema);
    List<String> statements = new ArrayList<>();
    statements.add(
        "DO $tributary$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
            + Identifiers.literal(schema)
            + ") THEN CREATE ROLE "
            + role
            + " LOGIN; END IF; END $tributary$");
    statements.add("GRANT " + role + " TO CURRENT_USER");
    statements.add("ALTER SCHEMA " + Identifiers.quote(schema) + " OWNER TO " + role);
    statements.add("REVOKE ALL ON SCHEMA " + Identifiers.quote(schema) + " FROM PUBLIC");
    for (EnumDef type : enums) {
      if (type.targetSchema().equals(schema)) {
        statements.add("ALTER TYPE " + type.targetSql() + " OWNER TO " + role);
      }
    }
    Set<EnumDef> foreign = new LinkedHashSet<>();
    for (TableDef table : tables) {
      if (table.targetSchema().equals(schema)) {
        statements.add(
            "ALTER TABLE "
                + Identifiers.qualified(table.targetSchema(), table.targetTable())
                + " OWNER TO "
                + role);
        for (EnumDef type : enums) {
          if (!type.targetSchema().equals(schema) && uses(table, type)) {
            foreign.add(type);
          }
        }
      }
    }
    for (EnumDef type : foreign) {
      statements.add(
          "GRANT USAGE ON SCHEMA " + Identifiers.quote(type.targetSchema()) + " TO " + role);
      statements.add("GRANT USAGE ON TYPE " + type.targetSql() + " TO " + role);
    }
    return statements;
  }

  /**
   * The statements that let one application's role reach every schema of its source: a source whose
   * plan sends some tables to a schema of their own ({@code tables.<t>.schema}) is still one
   * application, which reads and writes (and migrates) those tables through the role of its own
   * schema. Each such schema's role is granted to the role of each of the source's own schemas
   * ({@code GRANT "letta_embeddings" TO "letta_agents"}), so the application's role acts as the
   * owner of its tables wherever the plan put them; the roles of other sources' schemas get
   * nothing.
   *
   * @param own the schemas the source's schemas map to (its application's roles)
   * @param satellites the schemas only its per-table rules name
   */
  public static List<String> shareWithOwners(List<String> own, List<String> satellites) {
    List<String> statements = new ArrayList<>();
    for (String satellite : satellites) {
      for (String owner : own) {
        if (!owner.equals(satellite)) {
          statements.add(
              "GRANT " + Identifiers.quote(satellite) + " TO " + Identifiers.quote(owner));
        }
      }
    }
    return statements;
  }

  private static boolean uses(TableDef table, EnumDef type) {
    for (ColumnDef column : table.columns()) {
      if (column.targetType() == TargetType.ENUM && column.targetSql().equals(type.targetSql())) {
        return true;
      }
      if (column.targetType() == TargetType.ARRAY
          && column.elementType() == TargetType.ENUM
          && column.element().targetSql().equals(type.targetSql())) {
        return true;
      }
    }
    return false;
  }
}
