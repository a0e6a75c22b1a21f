package io.tributary.cdc.capture;

import java.util.List;

/**
 * A source of an active migration that capture must run, as recorded in the control schema.
 *
 * @param migration the migration id
 * @param source the plan's source name
 * @param kind sqlite, postgres, ...
 * @param location the file path or URL
 * @param targetSchema the target schema
 * @param topics the topics of its tables
 * @param tablesJson the provisioned catalog of its tables, a JSON array of {@code TableDef}
 */
public record CapturedSource(
    String migration,
    String source,
    String kind,
    String location,
    String targetSchema,
    List<String> topics,
    String tablesJson) {
  /** {@code migration/source}: unique among running captures. */
  public String id() {
    return migration + "/" + source;
  }
}
