package io.tributary.validator;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.SqliteCatalogReader;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.value.TableChecksum;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts and checksums a table of a SQLite source, read-only, each in one short read transaction.
 * Rows are streamed, so memory does not grow with the table. Each value is decoded exactly as apply
 * decodes it ({@link ValueCodec}), so equal data gives equal checksums on both sides. The source's
 * location is its file; its fingerprint and last write are those of the file and its write-ahead
 * log ({@link FileFingerprint}).
 */
@ApplicationScoped
public class SqliteTableVerifier implements SourceVerifier {

  @Override
  public long count(ValidatedTable table) {
    return count(file(table), table.definition());
  }

  @Override
  public SourceSide checksum(ValidatedTable table) {
    return checksum(file(table), table.definition());
  }

  @Override
  public SourceFingerprint fingerprint(ValidatedTable table) {
    try {
      return FileFingerprint.of(Path.of(table.location()));
    } catch (IOException | InvalidPathException | NullPointerException e) {
      return null; // validation reports why
    }
  }

  @Override
  public Instant lastWrite(ValidatedTable table, SourceSide side) {
    Path file = file(table);
    try {
      return FileFingerprint.of(file).lastWrite();
    } catch (IOException e) {
      throw new ValidationException("source file " + file + " does not exist", e);
    }
  }

  /**
   * The highest sequence number the file's change log (installed by capture) ever gave out: every
   * write to a captured table logs a change; without a change log, the file's fingerprint.
   */
  @Override
  public Object writeMark(ValidatedTable table) {
    Path file = file(table);
    try (Connection connection = open(file)) {
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(LOG_SEQUENCE)) {
        if (rs.next()) {
          return "change-log:" + rs.getLong(1);
        }
      } catch (SQLException e) {
        // no AUTOINCREMENT table in the file: no change log
      } finally {
        connection.rollback();
      }
      return FileFingerprint.of(file);
    } catch (SQLException | IOException e) {
      throw new ValidationException("cannot read source file " + file + ": " + e.getMessage(), e);
    }
  }

  static final String LOG_SEQUENCE =
      "SELECT seq FROM sqlite_sequence WHERE name = '_tributary_changes'";

  private static Path file(ValidatedTable table) {
    try {
      return Path.of(table.location());
    } catch (InvalidPathException | NullPointerException e) {
      throw new ValidationException(
          "source location '" + table.location() + "' is not a file path");
    }
  }

  /** The number of rows of the table. */
  public long count(Path file, TableDef table) {
    try (Connection connection = open(file)) {
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(SourceStatementBuilder.count(table))) {
        rs.next();
        return rs.getLong(1);
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw failure(file, table, e);
    }
  }

  /**
   * Reads every row: the checksum of those whose values all decode to their target types, and the
   * number of those that do not (apply must have rejected them).
   */
  public SourceSide checksum(Path file, TableDef table) {
    ColumnDef[] columns = table.columns().toArray(ColumnDef[]::new);
    TableChecksum checksum = new TableChecksum();
    long undecodable = 0;
    try (Connection connection = open(file)) {
      try (Statement statement = connection.createStatement()) {
        statement.setFetchSize(1000);
        try (ResultSet rs = statement.executeQuery(SourceStatementBuilder.selectAll(table))) {
          List<Object> values = new ArrayList<>(columns.length);
          while (rs.next()) {
            values.clear();
            try {
              for (int i = 0; i < columns.length; i++) {
                values.add(ValueCodec.fromSource(rs.getObject(i + 1), columns[i]));
              }
              checksum.add(values);
            } catch (ValueCastException e) {
              undecodable++;
            }
          }
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw failure(file, table, e);
    }
    return new SourceSide(checksum.rows() + undecodable, undecodable, checksum.hex());
  }

  static Connection open(Path file) throws SQLException {
    if (!Files.isRegularFile(file)) {
      throw new ValidationException("source file " + file + " does not exist");
    }
    Connection connection = SqliteCatalogReader.openReadOnly(file);
    try {
      connection.setAutoCommit(false); // one read transaction: a consistent snapshot of the table
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  static ValidationException failure(Path file, TableDef table, SQLException e) {
    if (!Files.isRegularFile(file)) {
      return new ValidationException("source file " + file + " does not exist", e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("no such table")) {
      return new ValidationException(
          "source table " + table.sourceTable() + " does not exist in " + file, e);
    }
    if (message.contains("no such column")) {
      return new ValidationException(
          "source table "
              + table.sourceTable()
              + " in "
              + file
              + " no longer has the recorded columns: "
              + message,
          e);
    }
    return new ValidationException(
        "cannot read source table " + table.sourceTable() + " in " + file + ": " + message, e);
  }
}
