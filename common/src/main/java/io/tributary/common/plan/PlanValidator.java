package io.tributary.common.plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what a parsed plan means on this deployment: supported source kinds, files that exist,
 * target schema names that are valid and distinct. Returns the plan with every SQLite path made
 * absolute and every target schema filled in.
 */
public final class PlanValidator {
  /** Target schema names: plain lower-case identifiers (they are quoted anyway). */
  public static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private static final Set<String> RESERVED_SCHEMAS =
      Set.of("tributary", "public", "information_schema");

  private final Path baseDirectory;

  /**
   * @param baseDirectory relative SQLite paths are resolved against it
   */
  public PlanValidator(Path baseDirectory) {
    this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
  }

  /**
   * Validates a plan and returns it normalized.
   *
   * @throws PlanException naming every bad field
   */
  public MigrationPlan validate(MigrationPlan plan) {
    List<PlanError> errors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> schemas = new HashSet<>();
    List<SourceSpec> normalized = new ArrayList<>();
    for (int i = 0; i < plan.sources().size(); i++) {
      SourceSpec source = plan.sources().get(i);
      String path = "sources[" + i + "]";
      if (source.name() != null && !names.add(source.name())) {
        errors.add(
            new PlanError(path + ".name", "'" + source.name() + "' is used by another source"));
      }
      if (source.kind() != null && source.kind() != SourceKind.SQLITE) {
        errors.add(
            new PlanError(
                path + ".kind",
                "'"
                    + source.kind().planName()
                    + "' sources are not supported by this version yet; supported: sqlite"));
      }
      String schema = source.schema() != null ? source.schema() : defaultSchema(source.name());
      if (schema != null) {
        if (!SCHEMA.matcher(schema).matches()) {
          errors.add(
              new PlanError(
                  path + ".schema",
                  "'"
                      + schema
                      + "' is not a valid target schema: use 1-63 of a-z, 0-9 and '_',"
                      + " not starting with a digit"));
        } else if (RESERVED_SCHEMAS.contains(schema) || schema.startsWith("pg_")) {
          errors.add(
              new PlanError(
                  path + ".schema", "'" + schema + "' is reserved; choose another schema"));
        } else if (!schemas.add(schema)) {
          errors.add(
              new PlanError(path + ".schema", "'" + schema + "' is the target of another source"));
        }
      }
      if (!source.tables().isEmpty()) {
        errors.add(
            new PlanError(
                path + ".tables",
                "per-table rules (key, columns, checks) are not supported by this version yet;"
                    + " remove them to migrate with the derived schema"));
      }
      String filePath = source.path();
      if (source.kind() == SourceKind.SQLITE) {
        if (source.url() != null) {
          errors.add(new PlanError(path + ".url", "not used by sqlite sources; give path"));
        }
        if (!source.schemas().isEmpty()) {
          errors.add(new PlanError(path + ".schemas", "not used by sqlite sources; give schema"));
        }
        if (filePath == null) {
          errors.add(
              new PlanError(path + ".path", "required for sqlite sources: the database file"));
        } else {
          Path file = baseDirectory.resolve(filePath).normalize();
          if (!Files.isRegularFile(file)) {
            errors.add(new PlanError(path + ".path", "no such file: " + file));
          } else if (!Files.isReadable(file)) {
            errors.add(new PlanError(path + ".path", "not readable: " + file));
          } else {
            filePath = file.toString();
          }
        }
      }
      normalized.add(
          new SourceSpec(
              source.name(),
              source.kind(),
              filePath,
              source.url(),
              schema,
              source.schemas(),
              source.tables()));
    }
    if (!errors.isEmpty()) {
      throw new PlanException(errors);
    }
    return plan.withSources(normalized);
  }

  /** The target schema used when a source names none: its name with '-' as '_'. */
  public static String defaultSchema(String sourceName) {
    if (sourceName == null) {
      return null;
    }
    String schema = sourceName.toLowerCase(Locale.ROOT).replace('-', '_');
    return Character.isDigit(schema.charAt(0)) ? "_" + schema : schema;
  }
}
