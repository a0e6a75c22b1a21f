package io.tributary.source.postgres.extensions;

import java.util.List;

/**
 * An extension a PostgreSQL source's migrated objects need on the target.
 *
 * @param name the extension ({@code pg_trgm})
 * @param sourceSchema the schema that holds it on the source
 * @param neededBy what needs it, each as PostgreSQL describes the object and what of the extension
 *     it uses ({@code index shop.film_title_trgm uses operator class gin_trgm_ops for access method
 *     gin})
 * @param neededByObjects those of {@code neededBy} that are not a column's type (a column of an
 *     extension's type other than pgvector's arrives as {@code text}: it does not need it)
 */
public record RequiredExtension(
    String name, String sourceSchema, List<String> neededBy, List<String> neededByObjects) {
  public RequiredExtension {
    neededBy = List.copyOf(neededBy);
    neededByObjects = List.copyOf(neededByObjects);
  }

  /** An extension every one of whose needs is an object's (none a column's type). */
  public RequiredExtension(String name, String sourceSchema, List<String> neededBy) {
    this(name, sourceSchema, neededBy, neededBy);
  }

  /** What the dry run says of it. */
  public String note() {
    return "extension " + name + " is needed on the target: " + String.join("; ", neededBy);
  }
}
