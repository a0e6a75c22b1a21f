package io.tributary.source.chroma.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.common.catalog.CatalogException;
import io.tributary.common.plan.ConfinedDirectory;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Chroma persistent directory as Tributary reads it: {@code chroma.sqlite3} (collections,
 * segments, the metadata segment's tables, the embeddings queue) and one directory per HNSW vector
 * segment. {@link #read} checks that the directory is a Chroma store of a format this version reads
 * and lists its collections; it only reads, in one short read transaction (Chroma keeps its file in
 * rollback-journal mode, where a long read would hold its writers up).
 *
 * @param directory the store's directory
 * @param format the format the newest Chroma that opened it left
 * @param collections its collections, by name
 */
public record ChromaStore(Path directory, ChromaFormat format, List<ChromaCollection> collections) {
  /** The SQLite file of a store. */
  public static final String DATABASE_FILE = "chroma.sqlite3";

  private static final ObjectMapper JSON = new ObjectMapper();

  public ChromaStore {
    collections = List.copyOf(collections);
  }

  /** The SQLite file of the store in {@code directory}. */
  public static Path database(Path directory) {
    return directory.resolve(DATABASE_FILE);
  }

  /**
   * The directory of a collection's HNSW segment: within the store (its id, read from the store's
   * database, is one name, and a link there must not lead out of the store).
   *
   * @throws CatalogException when it would be elsewhere
   */
  public Path segmentDirectory(ChromaCollection collection) {
    String segment = collection.vectorSegment();
    Path name = Path.of(segment);
    if (name.getNameCount() != 1 || name.isAbsolute() || segment.equals("..")) {
      throw new CatalogException(
          "collection '"
              + collection.name()
              + "' names its vector segment '"
              + segment
              + "', which is not a directory name of the store "
              + directory);
    }
    return within(directory, segment);
  }

  /**
   * {@code name} in the store's directory, its links resolved, as long as it stays there: a store's
   * files must not lead the migration to files outside the sources directory.
   */
  private static Path within(Path directory, String name) {
    return new ConfinedDirectory(directory)
        .resolve(name)
        .orElseThrow(
            () ->
                new CatalogException(
                    directory
                        + "/"
                        + name
                        + " leads out of the store's directory (a symbolic link): not read"));
  }

  /**
   * The collection of that name, if there is one. Names are unique in a Chroma database; a store
   * with several databases may hold one name in two, which intake refuses to migrate ({@link
   * #databasesOf}).
   */
  public Optional<ChromaCollection> collection(String name) {
    return collections.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The databases that hold a collection of that name (more than one: ambiguous). */
  public List<String> databasesOf(String name) {
    return collections.stream()
        .filter(c -> c.name().equals(name))
        .map(ChromaCollection::database)
        .toList();
  }

  /**
   * Reads a store's format and collections.
   *
   * @throws CatalogException saying what is wrong: not a directory, no {@code chroma.sqlite3}, not
   *     a Chroma database, a format this version cannot read, a collection it cannot migrate
   */
  public static ChromaStore read(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new CatalogException(
          directory + " is not a directory (a Chroma store is the directory of chroma.sqlite3)");
    }
    Path file = within(directory, DATABASE_FILE);
    if (!Files.isRegularFile(file)) {
      throw new CatalogException(
          "not a Chroma persistent directory: " + directory + " has no " + DATABASE_FILE);
    }
    try (Connection connection = SqliteConnections.openReadOnly(file)) {
      return SqliteConnections.inReadTransaction(
          connection, () -> read(directory, file, connection));
    } catch (SQLException e) {
      throw new CatalogException(
          "cannot read " + file + " as a Chroma database: " + e.getMessage(), e);
    }
  }

  private static ChromaStore read(Path directory, Path file, Connection connection)
      throws SQLException {
    ChromaFormat format = format(file, connection);
    List<ChromaCollection> collections = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(ChromaStatementBuilder.collections(format))) {
      while (rs.next()) {
        String id = rs.getString(1);
        String name = rs.getString(2);
        long dimension = rs.getLong(3);
        Integer dim = rs.wasNull() ? null : Math.toIntExact(dimension);
        collections.add(
            collection(
                connection,
                format,
                id,
                name,
                dim,
                rs.getString(4),
                rs.getString(5),
                rs.getString(6)));
      }
    }
    return new ChromaStore(directory, format, collections);
  }

  private static ChromaFormat format(Path file, Connection connection) throws SQLException {
    if (!tableExists(connection, "migrations")
        || !tableExists(connection, "collections")
        || !tableExists(connection, "embeddings_queue")) {
      throw new CatalogException(
          "not a Chroma persistent directory: "
              + file
              + " is a SQLite database without Chroma's tables (migrations, collections,"
              + " embeddings_queue)");
    }
    Map<String, Integer> versions = new HashMap<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(ChromaStatementBuilder.migrations())) {
      while (rs.next()) {
        versions.put(rs.getString(1), rs.getInt(2));
      }
    }
    ChromaFormat format =
        new ChromaFormat(
            versions.getOrDefault("sysdb", 0),
            versions.getOrDefault("metadb", 0),
            versions.getOrDefault("embeddings_queue", 0),
            tableExists(connection, "acquire_write"));
    if (format.newerThanKnown()) {
      throw new CatalogException(
          "the Chroma store "
              + file.getParent()
              + " has a format newer than this version reads: "
              + format
              + "; this version reads Chroma 0.5.0 to 1.5 (up to sysdb "
              + ChromaFormat.NEWEST.sysdb()
              + ", metadb "
              + ChromaFormat.NEWEST.metadb()
              + ", embeddings_queue "
              + ChromaFormat.NEWEST.queue()
              + ")");
    }
    if (!format.readable()) {
      throw new CatalogException(
          "the Chroma store "
              + file.getParent()
              + " has a format this version cannot read: "
              + format
              + "; this version reads Chroma 0.5.0 to 1.5 (open a 0.4 store once with Chroma 0.5"
              + " or later, which migrates it)");
    }
    return format;
  }

  private static ChromaCollection collection(
      Connection connection,
      ChromaFormat format,
      String id,
      String name,
      Integer dimension,
      String database,
      String tenant,
      String configuration)
      throws SQLException {
    String vector = null;
    String metadata = null;
    try (PreparedStatement st = connection.prepareStatement(ChromaStatementBuilder.segments())) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (ChromaStatementBuilder.VECTOR_SCOPE.equals(rs.getString(2))) {
            if (!ChromaStatementBuilder.PERSISTED_HNSW.equals(rs.getString(3))) {
              throw new CatalogException(
                  "collection '"
                      + name
                      + "' has a vector segment of type "
                      + rs.getString(3)
                      + ", not a persisted HNSW segment ("
                      + ChromaStatementBuilder.PERSISTED_HNSW
                      + "): was the store written by an in-memory or distributed Chroma?");
            }
            vector = rs.getString(1);
          } else if (ChromaStatementBuilder.METADATA_SCOPE.equals(rs.getString(2))) {
            metadata = rs.getString(1);
          }
        }
      }
    }
    if (vector == null || metadata == null) {
      throw new CatalogException(
          "collection '"
              + name
              + "' ("
              + id
              + ") lacks its "
              + (vector == null ? "vector" : "metadata")
              + " segment in the segments table: the store is incomplete");
    }
    Map<String, Object> own =
        typedRows(connection, ChromaStatementBuilder.collectionMetadata(), id);
    Map<String, Object> segment =
        typedRows(connection, ChromaStatementBuilder.segmentMetadata(), vector);
    ChromaDistance distance = distance(format, name, configuration, segment, own);
    return new ChromaCollection(
        id,
        name,
        database == null ? "default_database" : database,
        tenant == null ? "default_tenant" : tenant,
        dimension,
        distance,
        own,
        configuration,
        vector,
        metadata);
  }

  /**
   * The collection's distance, where the Chroma that wrote the store reads it: 0.5/0.6 from the
   * vector segment's {@code hnsw:space}; 1.x from its configuration ({@code schema_str} from 1.3,
   * else {@code config_json_str}), falling back, as Chroma does, to the segment's and then the
   * collection's {@code hnsw:space} when the configuration holds only the default; {@code l2} when
   * nothing says.
   */
  static ChromaDistance distance(
      ChromaFormat format,
      String collection,
      String configuration,
      Map<String, Object> segmentMetadata,
      Map<String, Object> collectionMetadata) {
    String configured = format.rust() ? configuredSpace(configuration) : null;
    Object legacy = segmentMetadata.get("hnsw:space");
    if (legacy == null) {
      legacy = collectionMetadata.get("hnsw:space");
    }
    String space =
        configured != null && !(configured.equals("l2") && legacy != null)
            ? configured
            : legacy != null ? legacy.toString() : "l2";
    return ChromaDistance.fromChromaName(space)
        .orElseThrow(
            () ->
                new CatalogException(
                    "collection '"
                        + collection
                        + "' has the distance '"
                        + space
                        + "'; Chroma's distances are l2, cosine and ip"));
  }

  /** The space of a 1.x configuration or schema, null when it names none. */
  static String configuredSpace(String configuration) {
    if (configuration == null || configuration.isBlank()) {
      return null;
    }
    JsonNode root;
    try {
      root = JSON.readTree(configuration);
    } catch (IOException e) {
      return null; // Chroma ignores a configuration it cannot parse, and so do we
    }
    for (JsonNode space :
        List.of(
            root.path("keys")
                .path("#embedding")
                .path("float_list")
                .path("vector_index")
                .path("config")
                .path("space"),
            root.path("defaults")
                .path("float_list")
                .path("vector_index")
                .path("config")
                .path("space"),
            root.path("vector_index").path("hnsw").path("space"))) {
      if (space.isTextual()) {
        return space.textValue();
      }
    }
    return null;
  }

  /** Rows of Chroma's typed key/value form (str, int, float, bool) as a map. */
  private static Map<String, Object> typedRows(Connection connection, String sql, String id)
      throws SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Object value = TypedValues.read(rs, 2);
          if (value != null) {
            out.put(rs.getString(1), value);
          }
        }
      }
    }
    return out;
  }

  private static boolean tableExists(Connection connection, String table) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(ChromaStatementBuilder.tableExists())) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }
}
