package io.tributary.source.chroma.capture;

import io.tributary.source.sqlite.capture.SqliteSourceConnector;
import org.apache.kafka.connect.connector.Task;

/**
 * Tributary's Chroma connector, written against the Kafka Connect API like the SQLite one it shares
 * its configuration with ({@code sqlite.path}: the store's directory). One task per store.
 */
public class ChromaSourceConnector extends SqliteSourceConnector {
  @Override
  public Class<? extends Task> taskClass() {
    return ChromaSourceTask.class;
  }
}
