package io.tributary.orchestrator.freeze;

/**
 * A row of PgBouncer's {@code SHOW DATABASES}.
 *
 * @param name the database name clients use
 * @param host the server it points at
 * @param port its port
 * @param database the server database
 * @param paused whether PgBouncer holds its clients' queries
 */
public record PgBouncerDatabase(
    String name, String host, Integer port, String database, boolean paused) {}
