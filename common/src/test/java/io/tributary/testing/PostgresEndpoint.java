package io.tributary.testing;

/**
 * Where a test PostgreSQL server listens and how to log in as its superuser.
 *
 * @param host host name or address
 * @param port TCP port
 * @param user superuser name
 * @param password superuser password
 */
public record PostgresEndpoint(String host, int port, String user, String password) {

  /** The JDBC URL of a database on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** The URL of a database for the Vert.x reactive PostgreSQL client (Quarkus). */
  public String reactiveUrl(String database) {
    return "postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port;
  }
}
