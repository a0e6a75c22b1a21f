package io.tributary.cdc.apply;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What an error of the target says, whichever client raised it (the Vert.x client's {@link
 * PgException}, pgJDBC's {@link SQLException} in a {@link JdbcSession.JdbcException}): its
 * SQLSTATE, whether writing the same rows again can get past it, and the reason a rejected row
 * keeps.
 */
final class TargetErrors {
  private static final Pattern COPY_LINE = Pattern.compile("COPY .*?, line (\\d+)");

  private TargetErrors() {}

  /** The SQLSTATE of an error from the target, null for anything else (a timeout, a bug). */
  static String sqlState(Throwable e) {
    if (e instanceof PgException pg) {
      return pg.getSqlState();
    }
    SQLException sql = sqlException(e);
    return sql == null ? null : sql.getSQLState();
  }

  private static SQLException sqlException(Throwable e) {
    if (e instanceof JdbcSession.JdbcException jdbc) {
      return jdbc.sqlException();
    }
    return e instanceof SQLException sql ? sql : null;
  }

  /**
   * Whether writing the same rows again can get past the error: the connection or the server's
   * resources, state or shutdown (classes 08, 53, 57, 58, XX), a conflict with another transaction
   * (class 40, lock not available 55P03, object in use 55006), a transaction in a wrong state (25).
   * Every other answer is about the rows written — a value (22), a constraint (23), a limit such as
   * an index row too large (54000), an exception raised by a CHECK function (P0001), a column or
   * table the target lacks (42703, 42P01) — and fails again for the same rows, however often it is
   * retried: those rows are isolated and rejected with their reason, so that one bad row never
   * stalls apply for every migration.
   */
  static boolean isTransient(String sqlState) {
    if (sqlState == null || sqlState.length() != 5) {
      return true;
    }
    return switch (sqlState.substring(0, 2)) {
      case "08", "25", "40", "53", "57", "58", "XX" -> true;
      case "55" -> sqlState.equals("55P03") || sqlState.equals("55006");
      default -> false;
    };
  }

  /** Whether the error is about the rows written ({@link #isTransient} says no). */
  static boolean aboutTheRows(Throwable e) {
    return !isTransient(sqlState(e));
  }

  /** The reason a row refused by the target is rejected with. */
  static String refusal(Throwable e) {
    return "PostgreSQL refused the row " + describe(e);
  }

  /** The error as a reason quotes it: {@code (SQLSTATE): message — detail}. */
  static String describe(Throwable e) {
    String detail = detail(e);
    return "(" + sqlState(e) + "): " + message(e) + (detail == null ? "" : " — " + detail);
  }

  /** The server's primary message (the exception's message for anything else). */
  static String message(Throwable e) {
    if (e instanceof PgException pg) {
      return pg.getErrorMessage();
    }
    ServerErrorMessage server = serverMessage(e);
    return server != null ? server.getMessage() : e.getMessage();
  }

  /** The server's DETAIL, null when it gave none. */
  static String detail(Throwable e) {
    if (e instanceof PgException pg) {
      return pg.getDetail();
    }
    ServerErrorMessage server = serverMessage(e);
    return server != null ? server.getDetail() : null;
  }

  private static ServerErrorMessage serverMessage(Throwable e) {
    SQLException sql = sqlException(e);
    return sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
  }

  /**
   * The row of a failed {@code COPY} the server named ({@code CONTEXT: COPY t, line 7, column a}:
   * the 7th row, counting from 1), or 0 when it named none.
   */
  static long copyLine(Throwable e) {
    SQLException sql = sqlException(e);
    ServerErrorMessage server = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
    String where = server == null ? null : server.getWhere();
    if (where == null) {
      return 0;
    }
    Matcher m = COPY_LINE.matcher(where);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
