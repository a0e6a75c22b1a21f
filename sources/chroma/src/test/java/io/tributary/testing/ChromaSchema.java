package io.tributary.testing;

import io.tributary.testing.ChromaStoreFixture.Format;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema of {@code chroma.sqlite3}, built the way Chroma builds it, for {@link
 * ChromaStoreFixture}: the {@code migrations} table, then each migration of the three directories
 * in version order (so the tables end up with the same columns, in the same order, as Chroma's
 * after the same ALTERs), each recorded with its file name and the MD5 Chroma records for it. The
 * statements are equivalent to Chroma's migration files, not their text: the {@code sql} column
 * holds the statements run here, the {@code hash} column Chroma's hash of its own file.
 */
final class ChromaSchema {
  /** One migration file. */
  private record Migration(String dir, int version, String name, String md5, List<String> sql) {}

  private ChromaSchema() {}

  /** Creates the schema of a fresh store of the given format. */
  static void create(Connection connection, Format format) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS migrations (dir TEXT NOT NULL, version INTEGER NOT NULL,"
              + " filename TEXT NOT NULL, sql TEXT NOT NULL, hash TEXT NOT NULL,"
              + " PRIMARY KEY (dir, version))");
      if (format != Format.V0_6) {
        // a 1.x binary creates its write lock table and adds a row on every start
        st.execute(
            "CREATE TABLE IF NOT EXISTS acquire_write (id INTEGER PRIMARY KEY,"
                + " lock_status INTEGER NOT NULL)");
        st.execute("INSERT INTO acquire_write (lock_status) VALUES (TRUE)");
      }
    }
    for (Migration m : migrations(format)) {
      try (Statement st = connection.createStatement()) {
        for (String sql : m.sql()) {
          st.execute(sql);
        }
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO migrations (dir, version, filename, sql, hash) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, m.dir());
        ps.setInt(2, m.version());
        ps.setString(3, m.name());
        ps.setString(4, String.join(";\n", m.sql()) + ";\n");
        ps.setString(5, m.md5());
        ps.executeUpdate();
      }
    }
  }

  private static List<Migration> migrations(Format format) {
    List<Migration> all = new ArrayList<>();
    all.add(
        new Migration(
            "embeddings_queue",
            1,
            "00001-embeddings.sqlite.sql",
            "d3755dfd232be8e8301f4d7fcfb3a486",
            List.of(
                "CREATE TABLE embeddings_queue (seq_id INTEGER PRIMARY KEY,"
                    + " created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " operation INTEGER NOT NULL, topic TEXT NOT NULL, id TEXT NOT NULL,"
                    + " vector BLOB, encoding TEXT, metadata TEXT)")));
    all.add(
        new Migration(
            "embeddings_queue",
            2,
            "00002-embeddings-queue-config.sqlite.sql",
            "8fbfe4ffb3e57f1d8bfdc58510a82e85",
            List.of(
                "CREATE TABLE embeddings_queue_config (id INTEGER PRIMARY KEY,"
                    + " config_json_str TEXT)")));
    all.add(
        new Migration(
            "sysdb",
            1,
            "00001-collections.sqlite.sql",
            "38352d725ad1c16074fac420b22b4633",
            List.of(
                "CREATE TABLE collections (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
                    + " topic TEXT NOT NULL, UNIQUE (name))",
                "CREATE TABLE collection_metadata (collection_id TEXT REFERENCES collections(id)"
                    + " ON DELETE CASCADE, key TEXT NOT NULL, str_value TEXT, int_value INTEGER,"
                    + " float_value REAL, PRIMARY KEY (collection_id, key))")));
    all.add(
        new Migration(
            "sysdb",
            2,
            "00002-segments.sqlite.sql",
            "2913cb6a503055a95f625448037e8912",
            List.of(
                "CREATE TABLE segments (id TEXT PRIMARY KEY, type TEXT NOT NULL,"
                    + " scope TEXT NOT NULL, topic TEXT, collection TEXT REFERENCES collection(id))",
                "CREATE TABLE segment_metadata (segment_id TEXT REFERENCES segments(id)"
                    + " ON DELETE CASCADE, key TEXT NOT NULL, str_value TEXT, int_value INTEGER,"
                    + " float_value REAL, PRIMARY KEY (segment_id, key))")));
    all.add(
        new Migration(
            "sysdb",
            3,
            "00003-collection-dimension.sqlite.sql",
            "42d22d0574d31d419c2a0e7f625c93aa",
            List.of("ALTER TABLE collections ADD COLUMN dimension INTEGER")));
    all.add(
        new Migration(
            "sysdb",
            4,
            "00004-tenants-databases.sqlite.sql",
            "048867ce8fcdefe4023c7110e4433591",
            List.of(
                "CREATE TABLE IF NOT EXISTS tenants (id TEXT PRIMARY KEY, UNIQUE (id))",
                "CREATE TABLE IF NOT EXISTS databases (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
                    + " tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,"
                    + " UNIQUE (tenant_id, name))",
                "CREATE TABLE IF NOT EXISTS collections_tmp (id TEXT PRIMARY KEY,"
                    + " name TEXT NOT NULL, topic TEXT NOT NULL, dimension INTEGER,"
                    + " database_id TEXT NOT NULL REFERENCES databases(id) ON DELETE CASCADE,"
                    + " UNIQUE (name, database_id))",
                "INSERT OR REPLACE INTO tenants (id) VALUES ('default_tenant')",
                "INSERT OR REPLACE INTO databases (id, name, tenant_id) VALUES"
                    + " ('00000000-0000-0000-0000-000000000000', 'default_database',"
                    + " 'default_tenant')",
                "INSERT OR REPLACE INTO collections_tmp (id, name, topic, dimension, database_id)"
                    + " SELECT id, name, topic, dimension, '00000000-0000-0000-0000-000000000000'"
                    + " FROM collections",
                "DROP TABLE collections",
                "ALTER TABLE collections_tmp RENAME TO collections")));
    all.add(
        new Migration(
            "sysdb",
            5,
            "00005-remove-topic.sqlite.sql",
            "b1367c826b8fba5f96f27befdc1d42d2",
            List.of(
                "ALTER TABLE collections DROP COLUMN topic",
                "ALTER TABLE segments DROP COLUMN topic")));
    all.add(
        new Migration(
            "sysdb",
            6,
            "00006-collection-segment-metadata.sqlite.sql",
            "4eea7468935bf25d4604a0fed2366116",
            List.of(
                "ALTER TABLE collection_metadata ADD COLUMN bool_value INTEGER",
                "ALTER TABLE segment_metadata ADD COLUMN bool_value INTEGER")));
    all.add(
        new Migration(
            "sysdb",
            7,
            "00007-collection-config.sqlite.sql",
            "1c7e63bba346a42a18b6ab7f1c989bed",
            List.of("ALTER TABLE collections ADD COLUMN config_json_str TEXT")));
    all.add(
        new Migration(
            "sysdb",
            8,
            "00008-maintenance-log.sqlite.sql",
            "0a0e7e93111a01789addf64961c6127c",
            List.of(
                "CREATE TABLE maintenance_log (id INT PRIMARY KEY, timestamp INT NOT NULL,"
                    + " operation TEXT NOT NULL)")));
    all.add(
        new Migration(
            "sysdb",
            9,
            "00009-segment-collection-not-null.sqlite.sql",
            "054355aef9e63702bf54ea29e61563f1",
            List.of(
                "CREATE TABLE segments_temp (id TEXT PRIMARY KEY, type TEXT NOT NULL,"
                    + " scope TEXT NOT NULL, collection TEXT REFERENCES collection(id) NOT NULL)",
                "INSERT INTO segments_temp SELECT * FROM segments",
                "DROP TABLE segments",
                "ALTER TABLE segments_temp RENAME TO segments")));
    if ((format == Format.V1_3 || format == Format.V1_5)) {
      all.add(
          new Migration(
              "sysdb",
              10,
              "00010-collection-schema.sqlite.sql",
              "5c3a5ac4b79df76799b4721827ed5e1d",
              List.of("ALTER TABLE collections ADD COLUMN schema_str TEXT")));
    }
    all.add(
        new Migration(
            "metadb",
            1,
            "00001-embedding-metadata.sqlite.sql",
            "2b4cf52c4bb2676e21d6860a4409f856",
            List.of(
                "CREATE TABLE embeddings (id INTEGER PRIMARY KEY, segment_id TEXT NOT NULL,"
                    + " embedding_id TEXT NOT NULL, seq_id BLOB NOT NULL,"
                    + " created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " UNIQUE (segment_id, embedding_id))",
                "CREATE TABLE embedding_metadata (id INTEGER REFERENCES embeddings(id),"
                    + " key TEXT NOT NULL, string_value TEXT, int_value INTEGER,"
                    + " float_value REAL, PRIMARY KEY (id, key))",
                "CREATE TABLE max_seq_id (segment_id TEXT PRIMARY KEY, seq_id BLOB NOT NULL)",
                "CREATE VIRTUAL TABLE embedding_fulltext USING fts5(id, string_value)")));
    all.add(
        new Migration(
            "metadb",
            2,
            "00002-embedding-metadata.sqlite.sql",
            "12a570f7121b3a8ce750a2a7c36da20f",
            List.of("ALTER TABLE embedding_metadata ADD COLUMN bool_value INTEGER")));
    all.add(
        new Migration(
            "metadb",
            3,
            "00003-full-text-tokenize.sqlite.sql",
            "f97ad6334aeaa8f419f01110b648b97a",
            List.of(
                "CREATE VIRTUAL TABLE embedding_fulltext_search USING fts5(string_value,"
                    + " tokenize='trigram')",
                "INSERT INTO embedding_fulltext_search (rowid, string_value)"
                    + " SELECT rowid, string_value FROM embedding_metadata",
                "DROP TABLE embedding_fulltext")));
    all.add(
        new Migration(
            "metadb",
            4,
            "00004-metadata-indices.sqlite.sql",
            "fb36603a45ee2cd0254cef3ef86585e8",
            List.of(
                "CREATE INDEX IF NOT EXISTS embedding_metadata_int_value ON embedding_metadata"
                    + " (key, int_value) WHERE int_value IS NOT NULL",
                "CREATE INDEX IF NOT EXISTS embedding_metadata_float_value ON embedding_metadata"
                    + " (key, float_value) WHERE float_value IS NOT NULL",
                "CREATE INDEX IF NOT EXISTS embedding_metadata_string_value ON embedding_metadata"
                    + " (key, string_value) WHERE string_value IS NOT NULL")));
    if (format != Format.V0_6) {
      all.add(
          new Migration(
              "metadb",
              5,
              "00005-max-seq-id-int.sqlite.sql",
              "0e9de46758761b373ce682925edcc326",
              List.of(
                  "ALTER TABLE max_seq_id ADD COLUMN int_seq_id INTEGER",
                  // the 8-byte big-endian BLOBs become integers (a fresh store has none)
                  "UPDATE max_seq_id SET int_seq_id = (SELECT SUM(("
                      + "instr('0123456789ABCDEF', substr(hex(seq_id), 16 - p, 1)) - 1)"
                      + " << (4 * p)) FROM (WITH RECURSIVE d(p) AS (SELECT 0 UNION ALL"
                      + " SELECT p + 1 FROM d WHERE p < 15) SELECT p FROM d))",
                  "ALTER TABLE max_seq_id DROP COLUMN seq_id",
                  "ALTER TABLE max_seq_id RENAME COLUMN int_seq_id TO seq_id")));
    }
    if (format == Format.V1_5) {
      all.add(
          new Migration(
              "metadb",
              6,
              "00006-metadata-array-support.sqlite.sql",
              "e026f01ea92c1baa1493f4ad5ca7cfe7",
              List.of(
                  "CREATE TABLE IF NOT EXISTS embedding_metadata_array ("
                      + "id INTEGER NOT NULL REFERENCES embeddings(id), key TEXT NOT NULL,"
                      + " string_value TEXT, int_value INTEGER, float_value REAL,"
                      + " bool_value INTEGER)",
                  "CREATE INDEX IF NOT EXISTS embedding_metadata_array_id_key"
                      + " ON embedding_metadata_array (id, key)",
                  "CREATE INDEX IF NOT EXISTS embedding_metadata_array_key_string"
                      + " ON embedding_metadata_array (key, string_value)"
                      + " WHERE string_value IS NOT NULL",
                  "CREATE INDEX IF NOT EXISTS embedding_metadata_array_key_int"
                      + " ON embedding_metadata_array (key, int_value) WHERE int_value IS NOT NULL",
                  "CREATE INDEX IF NOT EXISTS embedding_metadata_array_key_float"
                      + " ON embedding_metadata_array (key, float_value)"
                      + " WHERE float_value IS NOT NULL")));
    }
    return all;
  }
}
