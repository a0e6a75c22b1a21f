package io.tributary.source.chroma.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.capture.CapturedStore;
import io.tributary.source.sqlite.capture.SqliteConnectorConfig;
import io.tributary.source.sqlite.capture.SqliteSourceTask;
import java.nio.file.Path;
import java.util.List;

/**
 * Captures a Chroma store: the same snapshot, change log, trimming and fences as a SQLite file's
 * capture ({@link SqliteSourceTask}), over the store's collections ({@link ChromaStoreRows}). Its
 * {@code sqlite.path} is the store's directory.
 */
public class ChromaSourceTask extends SqliteSourceTask {
  @Override
  protected CapturedStore store(SqliteConnectorConfig config, List<TableDef> tables) {
    return new ChromaStoreRows(Path.of(config.path()), tables);
  }
}
