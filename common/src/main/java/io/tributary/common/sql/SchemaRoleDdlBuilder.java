package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

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
    java.util.Set<EnumDef> foreign = new java.util.LinkedHashSet<>();
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
