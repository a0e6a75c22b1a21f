package io.tributary.common.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One legacy database of a plan.
 *
 * <p>A {@code sqlite} source names its file ({@code path}) and the target schema that receives its
 * tables ({@code schema}, by default derived from the source's name, see {@code
 * io.tributary.planning.PlanValidator#defaultSchema}).
 *
 * <p>A {@code postgres} source names its database ({@code url}, libpq's URI form, see {@link
 * PostgresUrl}) and maps each source schema to migrate to a target schema ({@code schemas}); {@code
 * schema: x} alone means {@code schemas: {public: x}}, neither means {@code public} into the
 * default schema. Every table of a mapped schema is migrated except those listed in {@code
 * exclude}, as {@code schema.table} (the schema being one of {@code schemas}, the names as the
 * source's catalog spells them: {@code public.audit_log}, {@code public.AuditLog} for a quoted
 * camel-case name). A table's rules may send it to a target schema of its own ({@code
 * tables.<t>.schema}). After validation ({@code io.tributary.planning.PlanValidator}) both {@code
 * schema} (the first target schema) and {@code schemas} are filled in.
 *
 * @param name the source's name, unique in the plan ({@code [a-z0-9_-]})
 * @param kind what kind of database it is
 * @param path the database file (sqlite)
 * @param url the connection URL (postgres, mysql, chroma)
 * @param schema the target schema that receives its tables; for a source of several schemas, the
 *     target schema of the first one
 * @param schemas for schema-bearing sources: source schema to target schema, in plan order
 * @param tables rules per source table (optional)
 * @param exclude source tables not migrated (optional): as {@code schema.table} for postgres, by
 *     name (or {@code main.name}) for sqlite, where a virtual table's shadow tables go with it; by
 *     name for chroma (collections)
 * @param collections for chroma: the collections to migrate, by name; null for all of them
 * @param objects the plan's replacements of the source's views and triggers (sqlite), by their key
 *     as the plan writes it ({@code view name}, {@code trigger name}; see {@link ObjectRule})
 */
public record SourceSpec(
    String name,
    SourceKind kind,
    String path,
    String url,
    String schema,
    Map<String, String> schemas,
    Map<String, TableRule> tables,
    List<String> exclude,
    List<String> collections,
    Map<String, ObjectRule> objects) {
  public SourceSpec {
    schemas = schemas == null ? Map.of() : Collections.unmodifiableMap(copy(schemas));
    tables = tables == null ? Map.of() : Map.copyOf(tables);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    collections =
        collections == null ? null : Collections.unmodifiableList(new ArrayList<>(collections));
    objects =
        objects == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(objects));
  }

  /** A source without object rules. */
  public SourceSpec(
      String name,
      SourceKind kind,
      String path,
      String url,
      String schema,
      Map<String, String> schemas,
      Map<String, TableRule> tables,
      List<String> exclude,
      List<String> collections) {
    this(name, kind, path, url, schema, schemas, tables, exclude, collections, Map.of());
  }

  /** The same source with another file path (e.g. made absolute). */
  public SourceSpec withPath(String newPath) {
    return new SourceSpec(
        name, kind, newPath, url, schema, schemas, tables, exclude, collections, objects);
  }

  /**
   * Every target schema of the source, each once: the values of {@code schemas} in plan order, else
   * {@code schema}; then those of per-table rules ({@code tables.<t>.schema}) by table name.
   */
  public List<String> targetSchemas() {
    LinkedHashSet<String> out = new LinkedHashSet<>(schemas.values());
    if (out.isEmpty() && schema != null) {
      out.add(schema);
    }
    tables.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getValue().schema())
        .filter(s -> s != null)
        .forEach(out::add);
    return new ArrayList<>(out);
  }

  /**
   * The {@code exclude} entries read against {@code schemas} ({@link QualifiedTable#resolve});
   * entries that name no mapped schema (refused by validation) are left out.
   */
  public List<QualifiedTable> excludedTables() {
    List<QualifiedTable> out = new ArrayList<>();
    for (String entry : exclude) {
      QualifiedTable.resolve(entry, schemas.keySet()).ifPresent(out::add);
    }
    return out;
  }

  /** Keeps the plan's order (Map.copyOf would not). */
  private static Map<String, String> copy(Map<String, String> schemas) {
    Map<String, String> out = new LinkedHashMap<>();
    schemas.forEach(
        (k, v) -> {
          if (k == null || v == null) {
            throw new NullPointerException("schemas must not hold nulls");
          }
          out.put(k, v);
        });
    return out;
  }
}
