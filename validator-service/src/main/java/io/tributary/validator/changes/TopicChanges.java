package io.tributary.validator.changes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.source.spi.validate.ChangesAfter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rows of one table changed after a cutover's position P as its change topic tells them, for a
 * comparison as of P ({@link ChangesAfter}): P as the source positions it (the position the fence's
 * markers carry), and the keys of the records after the markers, read on to the topic's end each
 * time the source's reader asks. A reset marker among them (the table snapshotted again) is kept:
 * the comparison cannot then stand for the table at P ({@link #reset}).
 */
public final class TopicChanges implements ChangesAfter {
  private final ChangedKeysReader reader;
  private final String topic;
  private final long position;
  private final Supplier<Map<Integer, Long>> topicEnd;
  private final List<ObjectNode> known = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private Map<Integer, Long> readUpTo;
  private String reset;

  /**
   * @param markers per partition, the offset of the fence's marker
   * @param position P, as the markers carry it
   * @param topicEnd the topic's end offsets per partition, now
   */
  public TopicChanges(
      ChangedKeysReader reader,
      String topic,
      Map<Integer, Long> markers,
      long position,
      Supplier<Map<Integer, Long>> topicEnd) {
    this.reader = reader;
    this.topic = topic;
    this.position = position;
    this.topicEnd = topicEnd;
    this.readUpTo = new HashMap<>(markers);
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public List<ObjectNode> known() {
    return known;
  }

  @Override
  public void readOn() {
    Map<Integer, Long> end = topicEnd.get();
    ChangedKeys keys = reader.read(Map.of(topic, readUpTo), Map.of(topic, end)).get(topic);
    for (ObjectNode key : keys.keys()) {
      if (seen.add(key.toString())) {
        known.add(key);
      }
    }
    if (!keys.complete() && reset == null) {
      reset = keys.reset();
    }
    Map<Integer, Long> next = new HashMap<>(readUpTo);
    // the next read starts after the last offset read (the reader starts after the one given)
    end.forEach((partition, offset) -> next.merge(partition, offset - 1, Math::max));
    readUpTo = next;
  }

  /** Why the keys read do not cover every change (the table was snapshotted again), else null. */
  public String reset() {
    return reset;
  }
}
