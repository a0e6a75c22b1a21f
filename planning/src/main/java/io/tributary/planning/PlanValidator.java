package io.tributary.planning;

import io.tributary.common.plan.ConfinedDirectory;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.plan.QualifiedTable;
import io.tributary.common.plan.SourceKindRules;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.plan.TableRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what a parsed plan means on this deployment: supported source kinds, files that exist
 * within the sources directory (symbolic links followed: see {@link ConfinedDirectory}), PostgreSQL
 * URLs that parse, target schema names that are valid and distinct across the whole plan (per-table
 * schemas included), excluded tables that name a migrated schema. Returns the plan with every file
 * path made real (absolute, links resolved) and every target schema filled in ({@code schema} and,
 * for PostgreSQL sources, {@code schemas}). Connects to nothing: whether a PostgreSQL source
 * answers is checked at intake.
 */
public final class PlanValidator {
  /** Target schema names: plain lower-case identifiers (they are quoted anyway). */
  public static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** The source schema a PostgreSQL source migrates when its plan names none. */
  public static final String DEFAULT_SOURCE_SCHEMA = "public";

  private static final Set<String> RESERVED_SCHEMAS =
      Set.of("tributary", "public", "information_schema");

  private final Path baseDirectory;
  private final String setting;

  /**
   * @param baseDirectory relative SQLite paths are resolved against it
   */
  public PlanValidator(Path baseDirectory) {
    this(baseDirectory, "the sources directory");
  }

  /**
   * @param baseDirectory the sources directory: relative paths are resolved against it, and no path
   *     may leave it (symbolic links followed)
   * @param setting how refusals name the directory's setting ({@code
   *     tributary.orchestrator.sources-dir})
   */
  public PlanValidator(Path baseDirectory, String setting) {
    this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
    this.setting = setting;
  }

  /**
   * Validates a plan and returns it normalized.
   *
   * @throws PlanException naming every bad field
   */
  public MigrationPlan validate(MigrationPlan plan) {
    Validation validation = new Validation();
    List<SourceSpec> normalized = new ArrayList<>();
    for (int i = 0; i < plan.sources().size(); i++) {
      normalized.add(validation.source(plan.sources().get(i), "sources[" + i + "]"));
    }
    if (!validation.errors.isEmpty()) {
      throw new PlanException(validation.errors);
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

  /** One validation: the errors so far, and what earlier sources have claimed. */
  private final class Validation {
    private final List<PlanError> errors = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** Target schema to the index of the source that claimed it first. */
    private final Map<String, String> targetOwners = new HashMap<>();

    SourceSpec source(SourceSpec source, String path) {
      if (source.name() != null && !names.add(source.name())) {
        errors.add(
            new PlanError(path + ".name", "'" + source.name() + "' is used by another source"));
      }
      SourceKindRules rules = source.kind() == null ? null : SourceKindRules.of(source.kind());
      if (rules != null && !rules.supported()) {
        errors.add(
            new PlanError(
                path + ".kind",
                "'"
                    + source.kind().planName()
                    + "' sources are not supported by this version yet; supported: "
                    + SourceKindRules.supportedNamesWhere(r -> true)));
      }
      objects(source, path, rules);
      if (rules != null && rules.supported() && rules.schemaBearing()) {
        SourceSpec checked = schemaBearing(source, path);
        tableSchemas(checked, path);
        return checked;
      }
      String schema = source.schema() != null ? source.schema() : defaultSchema(source.name());
      targetSchema(schema, path + ".schema", path);
      String filePath = source.path();
      if (rules != null && rules.supported() && rules.location() != SourceKindRules.Location.URL) {
        filePath = sourceFile(source, path, rules.location());
      }
      collections(source, path, rules);
      tableSchemas(source, path);
      return new SourceSpec(
          source.name(),
          source.kind(),
          filePath,
          source.url(),
          schema,
          source.schemas(),
          source.tables(),
          source.exclude(),
          source.collections(),
          source.objects());
    }

    /**
     * Checks the fields of a source kept in one file (sqlite); returns its file's absolute path (as
     * given if bad).
     */
    private String sourceFile(SourceSpec source, String path, SourceKindRules.Location location) {
      String kind = source.kind().planName();
      if (source.url() != null) {
        errors.add(new PlanError(path + ".url", "not used by " + kind + " sources; give path"));
      }
      if (!source.schemas().isEmpty()) {
        errors.add(
            new PlanError(path + ".schemas", "not used by " + kind + " sources; give schema"));
      }
      String filePath = source.path();
      boolean directory = location == SourceKindRules.Location.DIRECTORY;
      if (filePath == null) {
        errors.add(
            new PlanError(
                path + ".path",
                "required for "
                    + kind
                    + " sources: "
                    + (directory ? "the store's directory" : "the database file")));
        return null;
      }
      Path file = confined(filePath, path + ".path");
      if (file == null) {
        return filePath;
      }
      if (directory) {
        if (!Files.exists(file)) {
          errors.add(new PlanError(path + ".path", "no such directory: " + file));
        } else if (!Files.isDirectory(file)) {
          errors.add(
              new PlanError(
                  path + ".path", "not a directory (a " + kind + " store's directory): " + file));
        } else if (!Files.isReadable(file)) {
          errors.add(new PlanError(path + ".path", "not readable: " + file));
        } else {
          return file.toString();
        }
        return filePath;
      }
      if (!Files.exists(file)) {
        errors.add(new PlanError(path + ".path", "no such file: " + file));
      } else if (!Files.isRegularFile(file)) {
        errors.add(
            new PlanError(path + ".path", "not a regular file (a SQLite database file): " + file));
      } else if (!Files.isReadable(file)) {
        errors.add(new PlanError(path + ".path", "not readable: " + file));
      } else {
        return file.toString();
      }
      return filePath;
    }

    /**
     * The real path of a source's file or directory within the sources directory, or null (the
     * error recorded) when it leaves it. The refusal is the same whether or not something exists
     * out there: the dry run must not tell which files outside the directory exist.
     */
    private Path confined(String filePath, String field) {
      ConfinedDirectory sources;
      try {
        sources = new ConfinedDirectory(baseDirectory);
      } catch (IllegalArgumentException e) {
        errors.add(
            new PlanError(
                field,
                "the sources directory "
                    + baseDirectory
                    + " ("
                    + setting
                    + ") does not exist or cannot be read"));
        return null;
      }
      Path file = sources.resolve(filePath).orElse(null);
      if (file == null) {
        errors.add(
            new PlanError(
                field,
                "'"
                    + filePath
                    + "' is outside the sources directory "
                    + baseDirectory
                    + " ("
                    + setting
                    + "): name a file or directory within it (symbolic links are followed and"
                    + " must stay within it too)"));
      }
      return file;
    }

    /**
     * {@code collections} (the collections of a Chroma store to migrate, all when absent): only for
     * kinds with collections, each named once and not excluded as well.
     */
    private void collections(SourceSpec source, String path, SourceKindRules rules) {
      if (source.collections() == null) {
        return;
      }
      String field = path + ".collections";
      if (rules != null && !rules.collections()) {
        errors.add(
            new PlanError(
                field,
                "not used by "
                    + rules.kind().planName()
                    + " sources (only "
                    + SourceKindRules.supportedNamesWhere(SourceKindRules::collections)
                    + " stores have collections); use exclude"));
        return;
      }
      if (source.collections().isEmpty()) {
        errors.add(
            new PlanError(field, "lists no collection; leave it out to migrate every collection"));
      }
      Set<String> seen = new HashSet<>();
      for (int j = 0; j < source.collections().size(); j++) {
        String name = source.collections().get(j);
        if (name == null || name.isBlank()) {
          errors.add(new PlanError(field + "[" + j + "]", "a collection's name must not be empty"));
        } else if (!seen.add(name)) {
          errors.add(new PlanError(field + "[" + j + "]", "'" + name + "' is listed twice"));
        } else if (source.exclude().contains(name)) {
          errors.add(
              new PlanError(
                  field + "[" + j + "]", "'" + name + "' is also excluded; list it or exclude it"));
        }
      }
    }

    /**
     * Checks a source with schemas, reached by a PostgreSQL URL (postgres); returns it with its
     * schema mapping filled in.
     */
    private SourceSpec schemaBearing(SourceSpec source, String path) {
      if (source.path() != null) {
        errors.add(new PlanError(path + ".path", "not used by postgres sources; give url"));
      }
      if (source.url() == null) {
        errors.add(
            new PlanError(
                path + ".url",
                "required for postgres sources: postgresql://user:password@host:port/database"));
      } else {
        try {
          PostgresUrl.parse(source.url());
        } catch (IllegalArgumentException e) {
          errors.add(new PlanError(path + ".url", e.getMessage()));
        }
      }
      Map<String, String> schemas = new LinkedHashMap<>();
      if (!source.schemas().isEmpty()) {
        if (source.schema() != null) {
          errors.add(
              new PlanError(
                  path + ".schema",
                  "give either schema (the target of the public schema) or schemas, not both"));
        }
        for (Map.Entry<String, String> e : source.schemas().entrySet()) {
          String field = path + ".schemas." + e.getKey();
          if (e.getKey().isBlank()) {
            errors.add(new PlanError(field, "the source schema's name must not be empty"));
          }
          targetSchema(e.getValue(), field, path);
          schemas.put(e.getKey(), e.getValue());
        }
      } else {
        String schema = source.schema() != null ? source.schema() : defaultSchema(source.name());
        targetSchema(schema, path + ".schema", path);
        if (schema != null) {
          schemas.put(DEFAULT_SOURCE_SCHEMA, schema);
        }
      }
      for (int j = 0; j < source.exclude().size(); j++) {
        String entry = source.exclude().get(j);
        String field = path + ".exclude[" + j + "]";
        if (QualifiedTable.resolve(entry, schemas.keySet()).isEmpty()) {
          errors.add(
              new PlanError(
                  field,
                  "'"
                      + entry
                      + "' does not name a table of a migrated schema: write schema.table with"
                      + " one of the source schemas "
                      + schemas.keySet()
                      + ", e.g. "
                      + schemas.keySet().stream().findFirst().orElse(DEFAULT_SOURCE_SCHEMA)
                      + ".audit_log"));
        }
      }
      return new SourceSpec(
          source.name(),
          source.kind(),
          null,
          source.url(),
          schemas.values().stream().findFirst().orElse(null),
          schemas,
          source.tables(),
          source.exclude(),
          source.collections(),
          source.objects());
    }

    /**
     * {@code objects} (replacements of a source's views and triggers): only for kinds that take
     * them.
     */
    private void objects(SourceSpec source, String path, SourceKindRules rules) {
      if (!source.objects().isEmpty() && rules != null && !rules.objectRules()) {
        errors.add(
            new PlanError(
                path + ".objects",
                "only "
                    + SourceKindRules.supportedNamesWhere(SourceKindRules::objectRules)
                    + " sources take object rules; a "
                    + source.kind().planName()
                    + " source's views, functions and triggers are made from its own"
                    + " definitions"));
      }
    }

    /**
     * Checks the target schemas that per-table rules name ({@code tables.<t>.schema}): valid, not
     * reserved (a schema of this source, or of another, may take more tables).
     */
    private void tableSchemas(SourceSpec source, String path) {
      Set<String> own = new HashSet<>(source.schemas().values());
      if (source.schema() != null) {
        own.add(source.schema());
      }
      for (Map.Entry<String, TableRule> e : source.tables().entrySet()) {
        String schema = e.getValue().schema();
        if (schema != null && !own.contains(schema)) {
          own.add(schema);
          targetSchema(schema, path + ".tables." + e.getKey() + ".schema", path);
        }
      }
    }

    /**
     * Checks one target schema: valid, not reserved, not the target of two schemas of one source
     * (other sources may share it).
     */
    private void targetSchema(String schema, String field, String sourcePath) {
      if (schema == null) {
        return;
      }
      if (!SCHEMA.matcher(schema).matches()) {
        errors.add(
            new PlanError(
                field,
                "'"
                    + schema
                    + "' is not a valid target schema: use 1-63 of a-z, 0-9 and '_',"
                    + " not starting with a digit"));
      } else if (RESERVED_SCHEMAS.contains(schema) || schema.startsWith("pg_")) {
        errors.add(new PlanError(field, "'" + schema + "' is reserved; choose another schema"));
      } else {
        // several sources may fill one schema (an application's SQLite file and its Chroma
        // store); their tables must not collide, which intake checks once it read the catalogs
        String owner = targetOwners.putIfAbsent(schema, sourcePath);
        if (owner != null && owner.equals(sourcePath)) {
          errors.add(
              new PlanError(
                  field, "'" + schema + "' is the target of another schema of this source"));
        }
      }
    }
  }
}
