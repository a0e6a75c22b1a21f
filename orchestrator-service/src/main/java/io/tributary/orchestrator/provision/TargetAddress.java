package io.tributary.orchestrator.provision;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Where a PostgreSQL database lives: host, port and database name, read from a connection URL
 * ({@code postgresql://user:secret@host:port/db?...}, also with a {@code jdbc:} or {@code
 * vertx-reactive:} prefix). Credentials and parameters are ignored: two URLs name the same database
 * when their addresses are {@link #sameAs the same}.
 *
 * @param host the host name or address, lower case
 * @param port the port (5432 when the URL names none)
 * @param database the database (the user's name when the URL names none, as libpq does)
 */
public record TargetAddress(String host, int port, String database) {
  private static final int DEFAULT_PORT = 5432;
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /**
   * Reads the address of a PostgreSQL URL; of a list of URLs separated by commas (as Quarkus
   * accepts), the first.
   *
   * @throws IllegalArgumentException when the text is not a PostgreSQL URL, saying why
   */
  public static TargetAddress parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("the URL is empty");
    }
    String text = url.split(",", 2)[0].trim();
    for (String prefix : new String[] {"jdbc:", "vertx-reactive:"}) {
      if (text.startsWith(prefix)) {
        text = text.substring(prefix.length());
      }
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + redact(text) + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
      throw new IllegalArgumentException(
          "'"
              + redact(text)
              + "' is not a PostgreSQL URL; expected postgresql://host:port/database");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("'" + redact(text) + "' names no host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database =
        URLDecoder.decode(path.startsWith("/") ? path.substring(1) : path, StandardCharsets.UTF_8);
    if (database.isEmpty()) {
      database = user(uri);
    }
    if (database.isEmpty()) {
      throw new IllegalArgumentException("'" + redact(text) + "' names no database");
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    return new TargetAddress(uri.getHost().toLowerCase(Locale.ROOT), port, database);
  }

  /**
   * True when both name the same database on the same server; {@code localhost}, {@code 127.0.0.1}
   * and {@code ::1} count as the same host. Host names are not resolved.
   */
  public boolean sameAs(TargetAddress other) {
    return canonicalHost().equals(other.canonicalHost())
        && port == other.port
        && database.equals(other.database);
  }

  private String canonicalHost() {
    return LOOPBACK.contains(host) ? "localhost" : host;
  }

  /** {@code host:port/database} */
  @Override
  public String toString() {
    return host + ":" + port + "/" + database;
  }

  private static String user(URI uri) {
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null) {
      return "";
    }
    int colon = userInfo.indexOf(':');
    return URLDecoder.decode(
        colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
  }

  /** The URL without its password, for messages. */
  private static String redact(String url) {
    return url.replaceFirst("(//[^:/@]*):[^@/]*@", "$1:***@");
  }
}
