package io.tributary.validator.deep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.event.SourcePosition;
import io.tributary.source.spi.validate.TableKey;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.validator.ValidatorConfig;
import io.tributary.validator.changes.ChangedKeys;
import io.tributary.validator.changes.ChangedKeysReader;
import io.tributary.validator.changes.FenceOffsets;
import io.tributary.validator.changes.TopicChanges;
import io.tributary.validator.changes.WrittenBackKeys;
import io.tributary.validator.results.ResultRepository;
import io.tributary.validator.target.TopicOffsetReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows changed after a cutover's position P, for its requests: the precutover verification
 * (which sets aside its differences in those rows), its catch-up rounds (which compare the rows
 * changed between two positions) and the final gate (which compares exactly the rows changed after
 * the last position). P is the request's {@code since_fences}.
 */
@ApplicationScoped
class ChangedRows {
  private final FenceOffsets fences;
  private final ChangedKeysReader reader;
  private final ResultRepository results;
  private final ValidatorConfig config;
  private final WrittenBackKeys writtenBack;
  private final TopicOffsetReader kafka;

  ChangedRows(
      FenceOffsets fences,
      ChangedKeysReader reader,
      ResultRepository results,
      ValidatorConfig config,
      WrittenBackKeys writtenBack,
      TopicOffsetReader kafka) {
    this.writtenBack = writtenBack;
    this.kafka = kafka;
    this.fences = fences;
    this.reader = reader;
    this.results = results;
    this.config = config;
  }

  /**
   * What a final gate or a catch-up round compares: the changes between its two positions, and the
   * tables verified at the first.
   */
  record Gate(Map<String, ChangedKeys> byTopic, Set<TableKey> verifiedAtP) {}

  /**
   * The changes between P and the request's final fences on the tables' topics, and which tables
   * the precutover verification at P found equal (the others are compared whole).
   */
  Gate forGate(ValidationRequest request, List<ValidatedTable> tables) {
    Map<String, Map<Integer, Long>> after = topics(fences.of(request.sinceFences()), tables);
    Map<String, ChangedKeys> keys = reader.read(after, fences.of(request.untilFences()));
    return new Gate(keys, results.verifiedAt(request.migration(), request.sinceFences()));
  }

  /**
   * A fallback's gate (a final request while the migration is FALLING_BACK): the rows the window
   * wrote back into the sources, for every table; the tables were all equal at the cutover's final
   * gate, the position the window starts from.
   */
  Gate forFallback(String migration, List<ValidatedTable> tables) {
    Map<String, List<ObjectNode>> keys = writtenBack.afterVerified(migration);
    Map<String, ChangedKeys> byTopic = new HashMap<>();
    Set<TableKey> verified = new HashSet<>();
    for (ValidatedTable table : tables) {
      List<ObjectNode> changed =
          keys.getOrDefault(table.source() + "\0" + table.sourceTable(), List.of());
      byTopic.put(table.topic(), new ChangedKeys(changed, changed.size(), null));
      verified.add(table.key());
    }
    return new Gate(byTopic, verified);
  }

  /**
   * The changes after the request's position up to now, for a precutover verification whose
   * comparisons are done: a fence is written into each of the tables' sources and awaited, so every
   * change the sources committed before (during the comparisons) is read.
   */
  Map<String, ChangedKeys> sinceP(ValidationRequest request, Collection<ValidatedTable> tables) {
    Set<String> sources = new LinkedHashSet<>();
    tables.forEach(t -> sources.add(t.source()));
    List<Long> now = fences.writeAndAwait(request.migration(), sources, config.queryTimeout());
    return reader.read(topics(fences.of(request.position()), tables), fences.of(now));
  }

  /**
   * A table's changes after the request's position, for its comparison as of that position ({@link
   * io.tributary.validator.diff.TableDiffer#diffAsOf}); null when the position's markers carry no
   * source position (a source kind that reads at one position anyway), or the table's topic has
   * none.
   */
  TopicChanges asOf(ValidationRequest request, ValidatedTable table) {
    Map<Integer, Long> markers = fences.of(request.position()).get(table.topic());
    if (markers == null || markers.isEmpty()) {
      return null;
    }
    Map.Entry<Integer, Long> marker = markers.entrySet().iterator().next();
    SourcePosition at = reader.markerPosition(table.topic(), marker.getKey(), marker.getValue());
    if (at == null) {
      return null;
    }
    return new TopicChanges(
        reader,
        table.topic(),
        markers,
        at.major(),
        () -> {
          TopicOffsetReader.TopicEnd end = kafka.endOf(table.topic());
          if (end.offsets() == null) {
            throw new ValidationException(
                "cannot read the end of topic " + table.topic() + ": " + end.problem());
          }
          return end.offsets();
        });
  }

  private static Map<String, Map<Integer, Long>> topics(
      Map<String, Map<Integer, Long>> offsets, Collection<ValidatedTable> tables) {
    Map<String, Map<Integer, Long>> out = new HashMap<>();
    for (ValidatedTable t : tables) {
      Map<Integer, Long> at = offsets.get(t.topic());
      if (at != null) {
        out.put(t.topic(), at);
      }
    }
    return out;
  }
}
