package io.tributary.source.chroma.catalog;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.Topics;
import io.tributary.source.chroma.store.ChromaCollection;
import io.tributary.source.chroma.store.ChromaRecord;
import java.util.List;

/**
 * The table a Chroma collection becomes: {@value #ID} (the record's id, the primary key), {@value
 * #DOCUMENT}, {@value #METADATA} ({@code jsonb}, Chroma's typed values kept) and {@value
 * #EMBEDDING} ({@code vector(n)} of the collection's dimension; {@code vector} without one for a
 * collection that never had a record). The table is named as the collection; its source schema is
 * {@value #SOURCE_SCHEMA}, as a SQLite file's.
 */
public final class ChromaTables {
  public static final String ID = "id";
  public static final String DOCUMENT = "document";
  public static final String METADATA = "metadata";
  public static final String EMBEDDING = "embedding";

  /** The source schema of every collection's table (in topic names). */
  public static final String SOURCE_SCHEMA = "main";

  private ChromaTables() {}

  /** The table of one collection. */
  public static TableDef table(
      ChromaCollection collection, String migration, String source, String targetSchema) {
    Integer dimension = collection.dimension();
    List<ColumnDef> columns =
        List.of(
            new ColumnDef(ID, "TEXT", ID, TargetType.TEXT, 1, false),
            new ColumnDef(DOCUMENT, "TEXT", DOCUMENT, TargetType.TEXT, 0, true),
            new ColumnDef(METADATA, "JSON", METADATA, TargetType.JSONB, 0, true),
            new ColumnDef(
                EMBEDDING,
                "FLOAT32",
                EMBEDDING,
                TargetType.VECTOR,
                0,
                true,
                dimension == null ? "vector" : "vector(" + dimension + ")",
                null,
                null));
    return new TableDef(
        source,
        SOURCE_SCHEMA,
        collection.name(),
        targetSchema,
        collection.name(),
        Topics.tableTopic(migration, source, SOURCE_SCHEMA, collection.name()),
        columns);
  }

  /**
   * A record as a row of its collection's table, in catalog column order: the id, the document, the
   * metadata's JSON text and the vector's float32 values, as capture publishes them and validation
   * reads them.
   */
  public static Object[] row(TableDef table, ChromaRecord record) {
    List<ColumnDef> columns = table.columns();
    Object[] row = new Object[columns.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] =
          switch (columns.get(i).name()) {
            case ID -> record.id();
            case DOCUMENT -> record.document();
            case METADATA -> record.metadata();
            case EMBEDDING -> record.embedding();
            default ->
                throw new IllegalStateException(
                    "column " + columns.get(i).name() + " is not one of a Chroma collection's");
          };
    }
    return row;
  }
}
