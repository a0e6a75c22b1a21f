package io.tributary.source.spi.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.RowCanonicalizer;
import io.tributary.common.value.SourceCasts;
import io.tributary.common.value.ValueCastException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of a table's rows that apply rejected (open rejects, as {@code
 * tributary.rejects.row_key} holds them: the change's Kafka key, source column names to envelope
 * values). A comparison leaves these rows out on both sides: the source row never reached the
 * target, or only an older version of it did. Each key is kept as the canonical text of its target
 * key (the key columns decoded as apply decodes them, remapped keys included) and, when that cannot
 * be decoded, as its JSON text.
 */
public final class RejectedKeys {
  private static final RejectedKeys NONE = new RejectedKeys(Set.of(), Set.of());

  private final Set<String> targetKeys;
  private final Set<String> sourceKeys;

  private RejectedKeys(Set<String> targetKeys, Set<String> sourceKeys) {
    this.targetKeys = targetKeys;
    this.sourceKeys = sourceKeys;
  }

  /** No rejects. */
  public static RejectedKeys none() {
    return NONE;
  }

  /**
   * The rejected keys of a table.
   *
   * @param rowKeys {@code row_key} of each open reject (nulls and unreadable keys are skipped: such
   *     a reject names no row)
   */
  public static RejectedKeys of(TableDef table, Collection<String> rowKeys) {
    if (rowKeys.isEmpty()) {
      return NONE;
    }
    List<ColumnDef> key = table.identityColumns();
    Set<String> targets = new HashSet<>();
    Set<String> sources = new HashSet<>();
    for (String rowKey : rowKeys) {
      if (rowKey == null) {
        continue;
      }
      JsonNode node;
      try {
        node = ChangeEventCodec.MAPPER.readTree(rowKey);
      } catch (JsonProcessingException e) {
        continue;
      }
      if (!(node instanceof ObjectNode object)) {
        continue;
      }
      sources.add(sourceText(object));
      try {
        StringBuilder text = new StringBuilder();
        for (ColumnDef column : key) {
          text.append(
              RowCanonicalizer.canonicalValue(
                  SourceCasts.decode(object.get(column.name()), column)));
        }
        targets.add(text.toString());
      } catch (ValueCastException | IllegalArgumentException e) {
        // matched by its source key only
      }
    }
    return new RejectedKeys(Set.copyOf(targets), Set.copyOf(sources));
  }

  public boolean isEmpty() {
    return targetKeys.isEmpty() && sourceKeys.isEmpty();
  }

  /** How many rejected keys. */
  public int size() {
    return sourceKeys.size();
  }

  /**
   * True when a row with this target key (canonical text, {@link RowDigester#keyText}) was
   * rejected.
   */
  public boolean targetKey(String keyText) {
    return keyText != null && targetKeys.contains(keyText);
  }

  /** True when a row with this source key (as capture writes it) was rejected. */
  public boolean sourceKey(ObjectNode sourceKey) {
    return sourceKeys.contains(sourceText(sourceKey));
  }

  /** The key's JSON with numbers in one spelling, whatever node types hold them. */
  private static String sourceText(ObjectNode key) {
    StringBuilder out = new StringBuilder();
    key.fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              out.append(e.getKey()).append('=');
              if (v.isNumber()) {
                out.append('#').append(v.decimalValue().stripTrailingZeros().toPlainString());
              } else if (v.isTextual()) {
                out.append('"').append(v.textValue().length()).append(':').append(v.textValue());
              } else {
                out.append(v);
              }
              out.append(';');
            });
    return out.toString();
  }
}
