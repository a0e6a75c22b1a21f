package io.tributary.source.sqlite.catalog;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.ColumnProfile;
import io.tributary.common.catalog.ForeignKey;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Profiles the columns of a SQLite table ({@link ColumnProfile}) and reads its declared foreign
 * keys and indexes, for the automatic casting rules and finalize. Reads only.
 *
 * <p>A profile is exact where it matters and cheap where it does not: the first {@value
 * #SAMPLE_ROWS} rows are profiled with every check, then the whole table only with the checks that
 * still can hold for every value (a column whose first rows are not all UUIDs cannot be all UUIDs,
 * so nobody needs its UUIDs counted over two million rows). The type counts are always exact.
 * {@link #profile(Path, List)} splits large tables into rowid ranges profiled on one connection per
 * processor.
 */
public final class SqliteColumnProfiler {
  /** Rows profiled with every check before the whole table is. */
  static final int SAMPLE_ROWS = 1000;

  /** Tables with fewer rowids than this are profiled in one query. */
  private static final long SPLIT_ROWS = 50_000;

  private static final String HEX = "[0-9a-f]";
  private static final String UUID_GLOB =
      HEX.repeat(8)
          + "-"
          + HEX.repeat(4)
          + "-"
          + HEX.repeat(4)
          + "-"
          + HEX.repeat(4)
          + "-"
          + HEX.repeat(12);
  private static final String DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]";

  /** The fields of one column's evidence, in {@link ColumnProfile}'s order. */
  private static final int NON_NULL = 0,
      TEXTS = 1,
      INTEGERS = 2,
      BLOBS = 3,
      UUIDS = 4,
      JSON = 5,
      TIMESTAMPS = 6,
      DATES = 7,
      MIN_BLOB = 8,
      MAX_BLOB = 9,
      MIN_INT = 10,
      MAX_INT = 11,
      FIELDS = 12;

  private SqliteColumnProfiler() {}

  /** The profile of every column of {@code table}, by source column name, in one connection. */
  public static Map<String, ColumnProfile> profile(Connection connection, TableDef table)
      throws SQLException {
    Evidence sample = sample(connection, table);
    boolean[][] checks = sample.stillPossible();
    Evidence whole = new Evidence(table.columns().size());
    whole.add(read(connection, table, checks, null, null, 0));
    return whole.profiles(table, sample, checks);
  }

  /**
   * The profile of every column of every table, by source table and column name; large tables are
   * read in rowid ranges on one read-only connection per processor.
   */
  public static Map<String, Map<String, ColumnProfile>> profile(Path file, List<TableDef> tables)
      throws SQLException {
    record Range(int table, Long from, Long to) {}
    List<Evidence> samples = new ArrayList<>();
    List<boolean[][]> checks = new ArrayList<>();
    List<Range> ranges = new ArrayList<>();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    try (Connection connection = SqliteConnections.openReadOnly(file)) {
      for (int t = 0; t < tables.size(); t++) {
        TableDef table = tables.get(t);
        Evidence sample = sample(connection, table);
        samples.add(sample);
        checks.add(sample.stillPossible());
        List<SqliteRowidRanges.Range> split =
            SqliteRowidRanges.split(
                connection,
                Identifiers.quote(table.sourceTable()),
                table.columns(),
                threads,
                SPLIT_ROWS);
        if (split.isEmpty()) {
          ranges.add(new Range(t, null, null));
        }
        for (SqliteRowidRanges.Range range : split) {
          ranges.add(new Range(t, range.from(), range.to()));
        }
      }
    }
    List<Evidence> wholes = new ArrayList<>();
    tables.forEach(t -> wholes.add(new Evidence(t.columns().size())));
    if (ranges.isEmpty()) {
      return new LinkedHashMap<>();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, ranges.size()));
    try {
      List<Future<long[][]>> reads = new ArrayList<>();
      for (Range range : ranges) {
        reads.add(
            pool.submit(
                () -> {
                  try (Connection connection = SqliteConnections.openReadOnly(file)) {
                    return read(
                        connection,
                        tables.get(range.table()),
                        checks.get(range.table()),
                        range.from(),
                        range.to(),
                        0);
                  }
                }));
      }
      for (int i = 0; i < ranges.size(); i++) {
        wholes.get(ranges.get(i).table()).add(reads.get(i).get());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException("profiling failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while profiling " + file, e);
    } finally {
      pool.shutdownNow();
    }
    Map<String, Map<String, ColumnProfile>> profiles = new LinkedHashMap<>();
    for (int t = 0; t < tables.size(); t++) {
      profiles.put(
          tables.get(t).sourceTable(),
          wholes.get(t).profiles(tables.get(t), samples.get(t), checks.get(t)));
    }
    return profiles;
  }

  /** Every check over the table's first rows. */
  private static Evidence sample(Connection connection, TableDef table) throws SQLException {
    boolean[][] all = new boolean[table.columns().size()][FIELDS];
    for (boolean[] column : all) {
      Arrays.fill(column, true);
    }
    Evidence sample = new Evidence(table.columns().size());
    sample.add(read(connection, table, all, null, null, SAMPLE_ROWS));
    return sample;
  }

  /**
   * One pass computing the checked fields of every column (the others stay 0, the min/max fields
   * null when no value had that type); over rowids in (from, to] when given, over the first {@code
   * limit} rows when positive.
   */
  private static long[][] read(
      Connection connection, TableDef table, boolean[][] checks, Long from, Long to, int limit)
      throws SQLException {
    List<ColumnDef> columns = table.columns();
    List<String> parts = new ArrayList<>();
    List<int[]> slots = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String c = Identifiers.quote(columns.get(i).name());
      String text = "typeof(" + c + ") = 'text'";
      String[] expressions = new String[FIELDS];
      expressions[NON_NULL] = "count(" + c + ")";
      expressions[TEXTS] = "total(" + text + ")";
      expressions[INTEGERS] = "total(typeof(" + c + ") = 'integer')";
      expressions[BLOBS] = "total(typeof(" + c + ") = 'blob')";
      expressions[UUIDS] =
          "total("
              + text
              + " AND length("
              + c
              + ") = 36 AND lower("
              + c
              + ") GLOB '"
              + UUID_GLOB
              + "')";
      expressions[JSON] =
          "total("
              + text
              + " AND substr(ltrim("
              + c
              + "), 1, 1) IN ('{', '[') AND json_valid("
              + c
              + "))";
      expressions[TIMESTAMPS] =
          "total("
              + text
              + " AND length("
              + c
              + ") BETWEEN 10 AND 40 AND "
              + c
              + " GLOB '"
              + DATE_GLOB
              + "*')";
      expressions[DATES] =
          "total(" + text + " AND length(" + c + ") = 10 AND " + c + " GLOB '" + DATE_GLOB + "')";
      expressions[MIN_BLOB] =
          "min(CASE WHEN typeof(" + c + ") = 'blob' THEN length(" + c + ") END)";
      expressions[MAX_BLOB] =
          "max(CASE WHEN typeof(" + c + ") = 'blob' THEN length(" + c + ") END)";
      expressions[MIN_INT] = "min(CASE WHEN typeof(" + c + ") = 'integer' THEN " + c + " END)";
      expressions[MAX_INT] = "max(CASE WHEN typeof(" + c + ") = 'integer' THEN " + c + " END)";
      for (int f = 0; f < FIELDS; f++) {
        if (checks[i][f]) {
          parts.add(expressions[f]);
          slots.add(new int[] {i, f});
        }
      }
    }
    String quoted = Identifiers.quote(table.sourceTable());
    String rows =
        limit > 0
            ? "(SELECT * FROM " + quoted + " LIMIT " + limit + ")"
            : from != null ? quoted + " WHERE " + SqliteRowidRanges.CONDITION : quoted;
    long[][] values = new long[columns.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = new long[FIELDS];
      values[i][MIN_BLOB] = Long.MAX_VALUE;
      values[i][MAX_BLOB] = Long.MIN_VALUE;
      values[i][MIN_INT] = Long.MAX_VALUE;
      values[i][MAX_INT] = Long.MIN_VALUE;
    }
    try (PreparedStatement st =
        connection.prepareStatement("SELECT " + String.join(", ", parts) + " FROM " + rows)) {
      if (from != null && limit <= 0) {
        st.setLong(1, from);
        st.setLong(2, to);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        for (int s = 0; s < slots.size(); s++) {
          int[] slot = slots.get(s);
          long value = rs.getLong(s + 1);
          if (!rs.wasNull()) {
            values[slot[0]][slot[1]] = value;
          }
        }
      }
    }
    return values;
  }

  /** Evidence summed over reads: counts add up, minima and maxima combine. */
  private static final class Evidence {
    private final long[][] values;

    Evidence(int columns) {
      values = new long[columns][FIELDS];
      for (long[] v : values) {
        v[MIN_BLOB] = Long.MAX_VALUE;
        v[MAX_BLOB] = Long.MIN_VALUE;
        v[MIN_INT] = Long.MAX_VALUE;
        v[MAX_INT] = Long.MIN_VALUE;
      }
    }

    void add(long[][] read) {
      for (int i = 0; i < values.length; i++) {
        for (int f = NON_NULL; f <= DATES; f++) {
          values[i][f] += read[i][f];
        }
        values[i][MIN_BLOB] = Math.min(values[i][MIN_BLOB], read[i][MIN_BLOB]);
        values[i][MAX_BLOB] = Math.max(values[i][MAX_BLOB], read[i][MAX_BLOB]);
        values[i][MIN_INT] = Math.min(values[i][MIN_INT], read[i][MIN_INT]);
        values[i][MAX_INT] = Math.max(values[i][MAX_INT], read[i][MAX_INT]);
      }
    }

    /**
     * For these first rows: the checks worth running over the whole table. Type counts always; a
     * text shape only if every value of the first rows had it (a column without values in the first
     * rows keeps every check); BLOB lengths only if every value was a BLOB, integer bounds only if
     * every value was an integer.
     */
    boolean[][] stillPossible() {
      boolean[][] checks = new boolean[values.length][FIELDS];
      for (int i = 0; i < values.length; i++) {
        long[] v = values[i];
        boolean[] c = checks[i];
        c[NON_NULL] = c[TEXTS] = c[INTEGERS] = c[BLOBS] = true;
        boolean texts = v[TEXTS] == v[NON_NULL];
        c[UUIDS] = texts && v[UUIDS] == v[NON_NULL];
        c[JSON] = texts && v[JSON] == v[NON_NULL];
        c[TIMESTAMPS] = texts && v[TIMESTAMPS] == v[NON_NULL];
        c[DATES] = texts && v[DATES] == v[NON_NULL];
        c[MIN_BLOB] = c[MAX_BLOB] = v[BLOBS] == v[NON_NULL];
        c[MIN_INT] = c[MAX_INT] = v[INTEGERS] == v[NON_NULL];
      }
      return checks;
    }

    /**
     * The profiles: whole-table values for what was checked over the whole table; for a text shape
     * that was not, the count among the first rows (already short of their values, so short of the
     * table's); bounds not checked are 0.
     */
    Map<String, ColumnProfile> profiles(TableDef table, Evidence sample, boolean[][] checks) {
      Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) {
        long[] v = values[i].clone();
        for (int f = UUIDS; f <= DATES; f++) {
          if (!checks[i][f]) {
            v[f] = sample.values[i][f];
          }
        }
        for (int f = MIN_BLOB; f <= MAX_INT; f++) {
          if (!checks[i][f] || v[f] == Long.MAX_VALUE || v[f] == Long.MIN_VALUE) {
            v[f] = 0;
          }
        }
        profiles.put(
            table.columns().get(i).name(),
            new ColumnProfile(
                v[NON_NULL],
                v[TEXTS],
                v[INTEGERS],
                v[BLOBS],
                v[UUIDS],
                v[JSON],
                v[TIMESTAMPS],
                v[DATES],
                v[MIN_BLOB],
                v[MAX_BLOB],
                v[MIN_INT],
                v[MAX_INT]));
      }
      return profiles;
    }
  }

  /**
   * The table's secondary indexes and unique constraints on plain columns (the primary key, indexes
   * on expressions and partial indexes are left out: the target has its own primary key, and the
   * others cannot be carried over by name).
   */
  public static List<IndexDef> indexes(Connection connection, String table) throws SQLException {
    List<String[]> listed = new ArrayList<>();
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) ORDER BY name")) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (!"pk".equals(rs.getString(3)) && rs.getInt(4) == 0) {
            listed.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
    }
    List<IndexDef> indexes = new ArrayList<>();
    for (String[] index : listed) {
      List<String> columns = new ArrayList<>();
      boolean plain = true;
      try (PreparedStatement st =
          connection.prepareStatement(
              "SELECT cid, name FROM pragma_index_info(?) ORDER BY seqno")) {
        st.setString(1, index[0]);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            if (rs.getInt(1) < 0 || rs.getString(2) == null) {
              plain = false;
            }
            columns.add(rs.getString(2));
          }
        }
      }
      if (plain && !columns.isEmpty()) {
        indexes.add(new IndexDef(table, index[0], "1".equals(index[1]), columns));
      }
    }
    return indexes;
  }

  /** The table's declared single-column foreign keys (composite ones are not remapped). */
  public static List<ForeignKey> foreignKeys(Connection connection, String table)
      throws SQLException {
    Map<Integer, List<String[]>> byId = new LinkedHashMap<>();
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT id, \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq")) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          byId.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
              .add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
        }
      }
    }
    List<ForeignKey> keys = new ArrayList<>();
    for (List<String[]> parts : byId.values()) {
      if (parts.size() == 1) {
        String[] p = parts.get(0);
        keys.add(new ForeignKey(p[0], p[1], p[2]));
      }
    }
    return keys;
  }
}
