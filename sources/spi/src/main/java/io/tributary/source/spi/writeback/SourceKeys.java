package io.tributary.source.spi.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * A source's key values as capture reads them, for the lookups that give remapped keys their
 * originals back ({@link KeyOriginals}). One per write-back, on its connection.
 */
public interface SourceKeys {

  /**
   * Reads every value of a column of a table, in the envelope encoding capture gives the source's
   * values (a number or a string for a legacy key), NULLs left out.
   */
  void read(TableDef table, ColumnDef column, Consumer<JsonNode> values) throws SQLException;

  /**
   * Whether a {@code uuid} column of the target holds in the source exactly the uuid the target
   * holds (a PostgreSQL {@code uuid} column), so that its keys need no lookup; false where the
   * source may spell them otherwise (SQLite's text in any case, or 16-byte BLOBs).
   */
  boolean holdsUuids(ColumnDef column);
}
