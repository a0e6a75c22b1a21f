package io.tributary.source.sqlite.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.source.spi.validate.RowScanner.RowSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rows of a scan as of a cutover's position P, on their way to the comparison's sink: each row
 * whose key {@link ChangeLogTail} knows changed after P goes to {@link RowSink#changedAfter}
 * instead. In a rollback-journal file the rows of a short read are held until its transaction has
 * ended and the tail has caught up ({@link #passOn}); in WAL mode they go on as they are read.
 */
final class AsOfRows implements RowSink {
  private final ChangeLogTail tail;
  private final Function<Object[], ObjectNode> sourceKey;
  private final boolean hold;
  private final List<Held> held = new ArrayList<>();
  private final RowSink to;
  private Object[] key;

  /** A row read, kept until its read ends. */
  private record Held(Object[] key, List<Object> values, ObjectNode undecodable, String reason) {}

  /**
   * @param sourceKey a row's key as capture writes it, from its key values as read
   * @param hold whether rows wait for {@link #passOn} (short reads) or go on at once
   */
  AsOfRows(ChangeLogTail tail, Function<Object[], ObjectNode> sourceKey, boolean hold, RowSink to) {
    this.tail = tail;
    this.sourceKey = sourceKey;
    this.hold = hold;
    this.to = to;
  }

  /**
   * The key values (in key order, as read) of the row {@link #row} or {@link #undecodable} gets
   * next.
   */
  void key(Object[] keyValues) {
    this.key = keyValues;
  }

  @Override
  public void row(List<Object> values) {
    if (hold) {
      held.add(new Held(key, new ArrayList<>(values), null, null)); // the reader reuses its array
    } else {
      deliver(key, values, null, null);
    }
  }

  @Override
  public void undecodable(ObjectNode sourceKey, String reason) {
    if (hold) {
      held.add(new Held(key, null, sourceKey, reason));
    } else {
      deliver(key, null, sourceKey, reason);
    }
  }

  @Override
  public void rejected() {
    if (hold) {
      held.add(new Held(null, null, null, null));
    } else {
      to.rejected();
    }
  }

  /** Hands on the rows held, now that their read transaction has ended and the tail caught up. */
  void passOn() {
    for (Held h : held) {
      if (h.key() == null) {
        to.rejected();
      } else {
        deliver(h.key(), h.values(), h.undecodable(), h.reason());
      }
    }
    held.clear();
  }

  private void deliver(
      Object[] keyValues, List<Object> values, ObjectNode undecodable, String reason) {
    if (tail.changed(keyValues)) {
      to.changedAfter(undecodable != null ? undecodable : sourceKey.apply(keyValues), values);
    } else if (undecodable != null) {
      to.undecodable(undecodable, reason);
    } else {
      to.row(values);
    }
  }
}
