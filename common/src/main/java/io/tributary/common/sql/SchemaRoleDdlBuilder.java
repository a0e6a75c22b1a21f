package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.naming.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Isolates each target schema under roles of its own, so that nothing a plan or a source's catalog
 * says runs with Tributary's rights:
 *
 * <ul>
 *   <li>the schema's <b>owner role</b>, named after the schema (the application's role: created
 *       {@code LOGIN} without a password when missing), owns the schema, its enum types and its
 *       tables, and provisioning creates them <em>as</em> that role ({@code SET LOCAL ROLE});
 *   <li>its <b>apply role</b>, {@link #applyRole} ({@code <schema>_apply}, {@code NOLOGIN}), has
 *       {@code USAGE} on the schema and the DML rights on its tables and sequences, nothing else:
 *       apply writes each table as that role, so a default or a check the table evaluates cannot
 *       read the control schema, files or another schema, and a write by apply can be told from one
 *       by the application.
 * </ul>
 *
 * {@code PUBLIC} loses every right on the schema. Tributary's own role is made a member of both (it
 * switches to them; it keeps the owner's rights for key builds and finalize). Both roles are marked
 * with {@link #MARK} ({@code COMMENT ON ROLE}): a role of the same name that is not so marked —
 * another application's, an analyst's — is never adopted (provisioning refuses the plan). Builds
 * strings only; runs nothing.
 */
public final class SchemaRoleDdlBuilder {
  /** The comment that marks a role Tributary made for a schema. */
  public static final String MARK = "tributary: schema role";

  /**
   * The role the validator reads as (made by control schema version 15): {@code SELECT} on the
   * control schema and every target schema, writes on its own results only.
   */
  public static final String VALIDATOR = "tributary_validator";

  /** Ends {@link #actAs}: back to Tributary's own role, for the control schema's statements. */
  public static final String RESUME = "RESET ROLE";

  private static final String APPLY_SUFFIX = "_apply";

  private SchemaRoleDdlBuilder() {}

  /**
   * The apply role of {@code schema}: {@code <schema>_apply}; for a schema whose name leaves no
   * room for the suffix within PostgreSQL's 63 bytes, {@code tributary_apply_} and the first 16 hex
   * digits of the name's SHA-256 (V15__apply_roles.sql computes the same).
   */
  public static String applyRole(String schema) {
    String role = schema + APPLY_SUFFIX;
    return Identifiers.fitsPostgres(role)
        ? role
        : "tributary_apply_" + HexFormat.of().formatHex(sha256(schema), 0, 8);
  }

  /** The roles Tributary makes for {@code schema}: its owner role and its apply role. */
  public static List<String> roles(String schema) {
    return List.of(schema, applyRole(schema));
  }

  /**
   * The statements that follow, to the end of the transaction, run as the role that owns {@code
   * table} (quoted and qualified): a table provisioned by this version is its schema's owner role's
   * (so what finalize builds from a source's catalog — index expressions and predicates evaluated
   * while the index is built — runs with that role's rights, not Tributary's), one provisioned by
   * an earlier version Tributary's own. A {@code DO} block, since {@code SET ROLE} takes no
   * expression; its {@code SET LOCAL} lasts to the end of the transaction.
   *
   * @throws IllegalArgumentException for a name holding the block's dollar quote
   */
  public static String actAsOwnerOf(String table) {
    String tag = "$tributary_owner$";
    if (table.contains(tag)) {
      throw new IllegalArgumentException("a table name holds " + tag + ": " + table);
    }
    return "DO "
        + tag
        + " BEGIN EXECUTE format('SET LOCAL ROLE %I', (SELECT pg_catalog.pg_get_userbyid(relowner)"
        + " FROM pg_catalog.pg_class WHERE oid = "
        + Identifiers.literal(table)
        + "::pg_catalog.regclass)); END "
        + tag;
  }

  /** {@code SET LOCAL ROLE "role"}: the statements that follow run as {@code role}. */
  public static String actAs(String role) {
    return "SET LOCAL ROLE " + Identifiers.quote(role);
  }

  /**
   * The statements that make {@code schema}'s roles (marked, when missing), let Tributary act as
   * them, create the schema owned by its role with {@code PUBLIC} shut out, and give the apply role
   * its rights on what the owner role will create there (default privileges) and the right to make
   * the temporary staging tables it writes through, and the validator's role ({@link #VALIDATOR})
   * the right to read them.
   */
  public static List<String> createSchema(String schema) {
    String owner = Identifiers.quote(schema);
    String apply = Identifiers.quote(applyRole(schema));
    String quoted = Identifiers.quote(schema);
    List<String> statements = new ArrayList<>();
    statements.add(
        "DO $tributary$ BEGIN"
            + createRole(schema, "LOGIN")
            + createRole(applyRole(schema), "NOLOGIN")
            + " IF NOT has_database_privilege("
            + Identifiers.literal(applyRole(schema))
            + ", current_database(), 'TEMPORARY') THEN EXECUTE format('GRANT TEMPORARY ON"
            + " DATABASE %I TO %I', current_database(), "
            + Identifiers.literal(applyRole(schema))
            + "); END IF; END $tributary$");
    statements.add("GRANT " + owner + " TO CURRENT_USER");
    statements.add("GRANT " + apply + " TO CURRENT_USER");
    statements.add("CREATE SCHEMA IF NOT EXISTS " + quoted + " AUTHORIZATION " + owner);
    statements.add("ALTER SCHEMA " + quoted + " OWNER TO " + owner);
    statements.add("REVOKE ALL ON SCHEMA " + quoted + " FROM PUBLIC");
    statements.add("GRANT USAGE ON SCHEMA " + quoted + " TO " + apply);
    statements.add(
        "ALTER DEFAULT PRIVILEGES FOR ROLE "
            + owner
            + " IN SCHEMA "
            + quoted
            + " GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO "
            + apply);
    statements.add(
        "ALTER DEFAULT PRIVILEGES FOR ROLE "
            + owner
            + " IN SCHEMA "
            + quoted
            + " GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "
            + apply);
    statements.add("GRANT USAGE ON SCHEMA " + quoted + " TO " + VALIDATOR);
    statements.add(
        "ALTER DEFAULT PRIVILEGES FOR ROLE "
            + owner
            + " IN SCHEMA "
            + quoted
            + " GRANT SELECT ON TABLES TO "
            + VALIDATOR);
    return statements;
  }

  private static String createRole(String role, String login) {
    String literal = Identifiers.literal(role);
    return " IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
        + literal
        + ") THEN CREATE ROLE "
        + Identifiers.quote(role)
        + " "
        + login
        + "; COMMENT ON ROLE "
        + Identifiers.quote(role)
        + " IS "
        + Identifiers.literal(MARK)
        + "; END IF;";
  }

  /**
   * The rights a table of {@code schema} needs on enum types created in another target schema (the
   * type's tables went to several schemas): {@code USAGE} on that type and on its schema for the
   * schema's owner role (to create the table) and its apply role (apply's statements name the
   * type), nothing else there. Run as Tributary, before the tables are created.
   */
  public static List<String> foreignTypes(
      String schema, List<EnumDef> enums, List<TableDef> tables) {
    Set<EnumDef> foreign = new LinkedHashSet<>();
    for (TableDef table : tables) {
      if (table.targetSchema().equals(schema)) {
        for (EnumDef type : enums) {
          if (!type.targetSchema().equals(schema) && uses(table, type)) {
            foreign.add(type);
          }
        }
      }
    }
    List<String> statements = new ArrayList<>();
    String roles = Identifiers.quote(schema) + ", " + Identifiers.quote(applyRole(schema));
    for (EnumDef type : foreign) {
      statements.add(
          "GRANT USAGE ON SCHEMA " + Identifiers.quote(type.targetSchema()) + " TO " + roles);
      statements.add("GRANT USAGE ON TYPE " + type.targetSql() + " TO " + roles);
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

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
