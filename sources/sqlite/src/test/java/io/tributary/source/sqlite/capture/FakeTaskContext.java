package io.tributary.source.sqlite.capture;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** A task context whose offset store holds one offset (or none). */
public record FakeTaskContext(Map<String, Object> stored) implements SourceTaskContext {
  @Override
  public Map<String, String> configs() {
    return Map.of();
  }

  @Override
  public PluginMetrics pluginMetrics() {
    return null;
  }

  @Override
  public OffsetStorageReader offsetStorageReader() {
    return new OffsetStorageReader() {
      @Override
      public <T> Map<String, Object> offset(Map<String, T> partition) {
        return stored;
      }

      @Override
      public <T> Map<Map<String, T>, Map<String, Object>> offsets(
          Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
        partitions.forEach(p -> out.put(p, stored));
        return out;
      }
    };
  }
}
