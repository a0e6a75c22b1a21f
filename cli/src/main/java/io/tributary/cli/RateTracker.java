package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Rows per second of each table, from successive answers of {@code GET /migrations/{id}}: the
 * difference of its loaded-rows counter between two samples over the time between them, smoothed
 * over later samples (0.6 of the previous rate, 0.4 of the new one). The counter is {@code
 * appliedRecords} (records apply committed, read live) when the API gives it, else {@code
 * targetRows} (the latest validation's count), else {@code snapshotRows}. A counter that went down
 * (the table read again) starts over.
 */
final class RateTracker {
  private static final double KEEP = 0.6;

  private record Sample(Instant at, String counter, long value, Double rate) {}

  private final Map<String, Sample> last = new HashMap<>();

  /**
   * Takes one answer's tables at this time; returns each table's rate where two samples give one.
   */
  Map<String, Double> update(JsonNode migration, Instant at) {
    Map<String, Double> rates = new HashMap<>();
    JsonNode tables = Fmt.get(migration, "tables");
    if (tables == null) {
      return rates;
    }
    for (JsonNode t : tables) {
      String key = key(t);
      String counter = counter(t);
      Sample before = last.get(key);
      Double rate = null;
      if (counter == null) {
        last.remove(key);
        continue;
      }
      long value = Fmt.num(t, counter);
      if (before != null && before.counter().equals(counter) && value >= before.value()) {
        rate = before.rate();
        double seconds = Duration.between(before.at(), at).toNanos() / 1e9;
        if (seconds > 0) {
          double instant = (value - before.value()) / seconds;
          rate = rate == null ? instant : KEEP * rate + (1 - KEEP) * instant;
        }
      }
      last.put(key, new Sample(at, counter, value, rate));
      if (rate != null) {
        rates.put(key, rate);
      }
    }
    return rates;
  }

  /** Which field counts the table's loaded rows, null when none is known yet. */
  static String counter(JsonNode t) {
    for (String field : new String[] {"appliedRecords", "targetRows", "snapshotRows"}) {
      if (Fmt.num(t, field) != null) {
        return field;
      }
    }
    return null;
  }

  /** A table of a migration: its source and source table. */
  static String key(JsonNode t) {
    return Fmt.s(t, "source") + "\u0000" + Fmt.s(t, "sourceTable");
  }
}
