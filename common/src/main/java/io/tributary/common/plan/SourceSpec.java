package io.tributary.common.plan;

import java.util.Map;

/**
 * One legacy database of a plan.
 *
 * @param name the source's name, unique in the plan ({@code [a-z0-9_-]})
 * @param kind what kind of database it is
 * @param path the database file (sqlite)
 * @param url the connection URL (postgres, mysql, chroma)
 * @param schema the target schema that receives its tables
 * @param schemas for schema-bearing sources: source schema to target schema
 * @param tables rules per source table (optional)
 */
public record SourceSpec(
    String name,
    SourceKind kind,
    String path,
    String url,
    String schema,
    Map<String, String> schemas,
    Map<String, TableRule> tables) {
  public SourceSpec {
    schemas = schemas == null ? Map.of() : Map.copyOf(schemas);
    tables = tables == null ? Map.of() : Map.copyOf(tables);
  }

  /** The same source with another file path (e.g. made absolute). */
  public SourceSpec withPath(String newPath) {
    return new SourceSpec(name, kind, newPath, url, schema, schemas, tables);
  }
}
