package io.tributary.orchestrator.control;

/**
 * One statement of a {@link StatementSequence} failed: carries the statement, so that an answer can
 * name the schema, table or type it was creating.
 */
public class StatementFailedException extends RuntimeException {
  /** Statements are cut to this many characters in messages. */
  static final int SHOWN = 240;

  private final String statement;

  public StatementFailedException(String statement, Throwable cause) {
    super(cause.getMessage() + " (while running: " + shorten(statement) + ")", cause);
    this.statement = statement;
  }

  /** The statement that failed, whole. */
  public String statement() {
    return statement;
  }

  private static String shorten(String sql) {
    String flat = sql.replaceAll("\\s+", " ").strip();
    return flat.length() <= SHOWN ? flat : flat.substring(0, SHOWN) + " …";
  }
}
