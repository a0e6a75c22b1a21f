package io.tributary.common.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection URL as a plan writes it: libpq's URI form {@code
 * postgresql://user:secret@host:port/database?param=value} (also {@code postgres://}, and with a
 * {@code jdbc:} prefix). User and password may be percent-encoded; {@code user} and {@code
 * password} parameters are read too. The port defaults to 5432, the database to the user's name.
 *
 * @param host the host name or address
 * @param port the port
 * @param database the database name
 * @param user the user, null when the URL names none
 * @param password the password, null when the URL names none
 * @param parameters the other query parameters, in order (e.g. {@code sslmode})
 */
public record PostgresUrl(
    String host,
    int port,
    String database,
    String user,
    String password,
    Map<String, String> parameters) {
  private static final int DEFAULT_PORT = 5432;

  /** Quarkus' reactive datasource URLs may carry this prefix before the PostgreSQL URL. */
  private static final String REACTIVE_PREFIX = "vertx-reactive:";

  public PostgresUrl {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  /**
   * Parses a URL.
   *
   * @throws IllegalArgumentException when the text is not a PostgreSQL URL, saying why (the
   *     password never appears in the message)
   */
  public static PostgresUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("the URL is empty");
    }
    String text = url.trim();
    if (text.startsWith("jdbc:")) {
      text = text.substring("jdbc:".length());
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
              + "' is not a PostgreSQL URL; expected postgresql://user:password@host:port/database");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("'" + redact(text) + "' names no host");
    }
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (REFUSED_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException(
              "'"
                  + redact(text)
                  + "' sets the driver parameter '"
                  + name
                  + "', which makes it load a class or write a file: not accepted");
        }
        switch (name) {
          case "user" -> user = value;
          case "password" -> password = value;
          default -> parameters.put(name, value);
        }
      }
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database = decode(path.startsWith("/") ? path.substring(1) : path);
    if (database.isEmpty() && user != null) {
      database = user;
    }
    if (database.isEmpty()) {
      throw new IllegalArgumentException("'" + redact(text) + "' names no database");
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    return new PostgresUrl(uri.getHost(), port, database, user, password, parameters);
  }

  /**
   * Parses a URL as a service is configured with it ({@code quarkus.datasource.reactive.url}): also
   * with Quarkus' {@code vertx-reactive:} prefix, and of a comma-separated list the first.
   *
   * @throws IllegalArgumentException when the text is not a PostgreSQL URL, saying why
   */
  public static PostgresUrl parseConfigured(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("the URL is empty");
    }
    String text = url.split(",", 2)[0].trim();
    if (text.startsWith(REACTIVE_PREFIX)) {
      text = text.substring(REACTIVE_PREFIX.length());
    }
    return parse(text);
  }

  /** The pgJDBC URL: host, port, database and the other parameters, without credentials. */
  public String jdbcUrl() {
    StringBuilder out =
        new StringBuilder("jdbc:postgresql://")
            .append(host)
            .append(':')
            .append(port)
            .append('/')
            .append(encode(database));
    char separator = '?';
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      out.append(separator).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
      separator = '&';
    }
    return out.toString();
  }

  /** Credentials for pgJDBC's {@code DriverManager.getConnection(jdbcUrl(), properties())}. */
  public Properties credentials() {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return props;
  }

  /** {@code user@host:port/database}: for messages and logs, never with the password. */
  @Override
  public String toString() {
    return (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A PostgreSQL URL inside a text: its user info with a password, and its query. */
  private static final Pattern URL_IN_TEXT =
      Pattern.compile("(?i)((?:jdbc:)?postgres(?:ql)?://[^\\s:/@\"'?]*):[^\\s\"']*@");

  /** A {@code password} parameter or libpq keyword inside a text. */
  private static final Pattern PASSWORD_IN_TEXT =
      Pattern.compile("(?i)(\\bpassword\\s*=\\s*)('(?:[^']|'')*'|[^\\s&\"',;)]+)");

  /**
   * {@code text} with the password of every PostgreSQL URL in it ({@code
   * postgresql://user:secret@host/db}, also with {@code jdbc:}) and every {@code password=} value
   * (a URL's parameter, a libpq or PgBouncer connection string) replaced by {@code ***}: for
   * answers and records that quote what an operator or a plan wrote.
   */
  public static String redactAll(String text) {
    if (text == null) {
      return null;
    }
    String out = URL_IN_TEXT.matcher(text).replaceAll("$1:***@");
    return PASSWORD_IN_TEXT.matcher(out).replaceAll("$1***");
  }

  /**
   * The URL without its password, for a message: the user info's password (which may itself hold
   * {@code /} or {@code @}: the user info ends at the last {@code @} before the query) and a {@code
   * password} parameter.
   */
  static String redact(String url) {
    String out = url;
    int start = out.indexOf("//");
    if (start >= 0) {
      int query = out.indexOf('?', start + 2);
      int at = out.lastIndexOf('@', query < 0 ? out.length() : query);
      if (at > start) {
        int colon = out.indexOf(':', start + 2);
        if (colon > 0 && colon < at) {
          out = out.substring(0, colon + 1) + "***" + out.substring(at);
        }
      }
    }
    return out.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }

  /**
   * pgJDBC parameters that name classes or files for the driver to load or write: a plan must not
   * make the orchestrator or the services instantiate a class of its choosing.
   */
  static final Set<String> REFUSED_PARAMETERS =
      Set.of(
          "socketfactory",
          "socketfactoryarg",
          "sslfactory",
          "sslfactoryarg",
          "sslhostnameverifier",
          "sslpasswordcallback",
          "authenticationpluginclassname",
          "loggerfile",
          "loggerlevel");
}
