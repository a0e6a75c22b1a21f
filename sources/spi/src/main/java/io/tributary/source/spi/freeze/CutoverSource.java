package io.tributary.source.spi.freeze;

import io.tributary.common.plan.SourceKind;
import java.util.List;

/**
 * A source of a migration as the cutover needs it.
 *
 * @param name its name in the plan
 * @param kind its kind; null when the recorded one is unknown to this version
 * @param location the SQLite file (absolute) or the PostgreSQL URL
 * @param targetSchema the target schema its tables move to (also its role's name)
 * @param tables its captured tables: for PostgreSQL quoted and schema-qualified ({@code
 *     "public"."orders"}: a schema's name may hold a dot), bare names for SQLite
 */
public record CutoverSource(
    String name, SourceKind kind, String location, String targetSchema, List<String> tables) {
  public CutoverSource {
    tables = List.copyOf(tables);
  }
}
