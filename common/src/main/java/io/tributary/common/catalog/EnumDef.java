package io.tributary.common.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tributary.common.naming.Identifiers;
import java.util.List;

/**
 * A user-defined enum type of a source, to be created in the target before the tables that use it.
 *
 * @param sourceSchema the schema of the type in the source
 * @param sourceName the type's name in the source
 * @param targetSchema the schema it is created in
 * @param targetName its name in the target
 * @param labels its labels in sort order
 */
public record EnumDef(
    String sourceSchema,
    String sourceName,
    String targetSchema,
    String targetName,
    List<String> labels) {
  public EnumDef {
    labels = List.copyOf(labels);
  }

  /** {@code "schema"."name"}: the spelling of the type in target DDL and casts. */
  @JsonIgnore
  public String targetSql() {
    return Identifiers.qualified(targetSchema, targetName);
  }
}
