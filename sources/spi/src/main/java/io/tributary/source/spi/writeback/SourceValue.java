package io.tributary.source.spi.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;

/**
 * The value a change gives one source column: the target's value, and the source's own original
 * when the target's is a key the migration made up ({@code uuid5}) or spelled anew. A write-back
 * writes the original as it is, else turns the target's value into its source's form; it compares
 * rows by the target's value, which capture reads the source's value as.
 *
 * @param column the column (source name, target name and type)
 * @param target the target's value in the envelope encoding (JSON null for NULL)
 * @param original the source's value as capture reads it (envelope encoding of the source value: a
 *     number or a string for a legacy key), to be written unchanged; null when the target's value
 *     is turned into the source's form instead
 */
public record SourceValue(ColumnDef column, JsonNode target, JsonNode original) {

  /** Whether the value is SQL NULL. */
  public boolean isNull() {
    return original == null ? target == null || target.isNull() : original.isNull();
  }

  /** The value as the source holds it, when known: the original, else the target's value. */
  public JsonNode sourceForm() {
    return original != null ? original : target;
  }
}
