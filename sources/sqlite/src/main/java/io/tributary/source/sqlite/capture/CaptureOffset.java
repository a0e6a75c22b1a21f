package io.tributary.source.sqlite.capture;

import java.util.List;
import java.util.Map;

/**
 * The whole source offset of a SQLite capture, as stored by Kafka Connect: the registration it
 * belongs to, the change-log position, and where the snapshot stands. While the snapshot runs the
 * position is the one at which it started (every change after it is streamed afterwards); once the
 * snapshot is complete it is the sequence number of the last change delivered.
 *
 * @param registration the consumer registration in the file this offset belongs to
 * @param logPosition change-log sequence number: changes up to it are delivered (or covered by the
 *     snapshot)
 * @param snapshot where the snapshot stands
 * @param resynced the requests to read a table again ({@link SqliteConnectorConfig#RESYNC}) this
 *     capture has started, as {@code topic=request} pairs separated by commas; "" for none
 */
record CaptureOffset(
    String registration, long logPosition, SnapshotOffset snapshot, String resynced) {
  static final String REGISTRATION = "registration";
  static final String LOG_POSITION = "log_position";
  static final String RESYNCED = "resynced";

  CaptureOffset(String registration, long logPosition, SnapshotOffset snapshot) {
    this(registration, logPosition, snapshot, "");
  }

  /**
   * Reads a stored offset tolerantly: null when nothing usable is stored. An offset of an older
   * version (no registration) reads with a null registration, which matches no installation.
   */
  static CaptureOffset fromMap(Map<String, Object> map) {
    if (map == null || map.isEmpty()) {
      return null;
    }
    Object registration = map.get(REGISTRATION);
    Object position = map.get(LOG_POSITION);
    Object resynced = map.get(RESYNCED);
    return new CaptureOffset(
        registration instanceof String s ? s : null,
        position instanceof Number n ? n.longValue() : 0,
        SnapshotOffset.fromMap(map),
        resynced instanceof String r ? r : "");
  }

  /** The log position of a record's offset, or -1 when it has none. */
  static long logPositionOf(Map<String, ?> offset) {
    Object position = offset == null ? null : offset.get(LOG_POSITION);
    return position instanceof Number n ? n.longValue() : -1;
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = snapshot.toMap();
    map.put(REGISTRATION, registration);
    map.put(LOG_POSITION, logPosition);
    if (!resynced.isEmpty()) {
      map.put(RESYNCED, resynced);
    }
    return map;
  }

  CaptureOffset withSnapshot(SnapshotOffset next) {
    return new CaptureOffset(registration, logPosition, next, resynced);
  }

  CaptureOffset atLogPosition(long position) {
    return new CaptureOffset(registration, position, snapshot, resynced);
  }

  /** True when the request {@code topic=request} was started by this capture. */
  boolean hasResynced(String pair) {
    return List.of(resynced.split(",")).contains(pair);
  }

  /** This offset with {@code pairs} the requests started (those no longer asked for forgotten). */
  CaptureOffset withResynced(List<String> pairs) {
    return new CaptureOffset(registration, logPosition, snapshot, String.join(",", pairs));
  }
}
