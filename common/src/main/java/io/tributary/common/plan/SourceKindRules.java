package io.tributary.common.plan;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What this version knows about each {@link SourceKind}, in one place: whether a plan may name it,
 * how a plan locates it, which plan features it takes and what it supports. Every per-kind decision
 * outside a service's kind registry reads it here instead of comparing kinds; adding a kind means a
 * case here plus its implementations in each service (see {@code docs/source-kinds.md}).
 *
 * @param kind the kind described
 * @param supported plans may name it (a source of another kind is refused with a plan error)
 * @param location how a plan locates the source: a file or a directory ({@code path}) or a URL
 *     ({@code url})
 * @param schemaBearing the source has schemas: a plan maps each source schema to a target schema
 *     ({@code schemas}) and names tables as {@code schema.table}; otherwise its tables go into one
 *     target schema ({@code schema}) and are named bare
 * @param freezeRoles a cutover may freeze it by making the applications' roles read-only ({@code
 *     cutover.freeze.<source>.roles}); otherwise Tributary freezes it by itself
 * @param pgBouncer applications may reach it through PgBouncer (a {@code pgbouncer} switch action)
 * @param replaysRejects cdc-service can put the rows of its rejects back into its change stream
 * @param collections a plan names what it migrates as collections ({@code collections}: Chroma's)
 * @param resyncsOneTable one table of a source may be read again while the others stream on ({@code
 *     POST /migrations/{id}/tables/{t}/resync})
 * @param redactLocation the location as logs and messages show it (a URL without its password)
 * @param connection how a switch back names the source to its applications: {@code host}, {@code
 *     port}, {@code database}, {@code user} of a URL; the {@code path} of a file or directory
 */
public record SourceKindRules(
    SourceKind kind,
    boolean supported,
    Location location,
    boolean schemaBearing,
    boolean freezeRoles,
    boolean pgBouncer,
    boolean replaysRejects,
    boolean collections,
    boolean resyncsOneTable,
    UnaryOperator<String> redactLocation,
    Function<String, Map<String, Object>> connection) {

  /** How a plan locates a source. */
  public enum Location {
    /** A database file: {@code path}, resolved against the sources directory. */
    FILE("path"),
    /** A store's directory (Chroma's): {@code path}, resolved against the sources directory. */
    DIRECTORY("path"),
    /** A connection URL: {@code url}. */
    URL("url");

    private final String field;

    Location(String field) {
      this.field = field;
    }

    /** The plan's field that holds it: {@code path} or {@code url}. */
    public String field() {
      return field;
    }
  }

  /** The rules of a kind. */
  public static SourceKindRules of(SourceKind kind) {
    return switch (kind) {
      case SQLITE ->
          new SourceKindRules(
              kind,
              true,
              Location.FILE,
              false,
              false,
              false,
              true,
              false,
              true,
              UnaryOperator.identity(),
              SourceKindRules::pathConnection);
      case POSTGRES ->
          new SourceKindRules(
              kind,
              true,
              Location.URL,
              true,
              true,
              true,
              false,
              false,
              false,
              SourceKindRules::redactPostgresUrl,
              SourceKindRules::postgresConnection);
      case CHROMA ->
          new SourceKindRules(
              kind,
              true,
              Location.DIRECTORY,
              false,
              false,
              false,
              false,
              true,
              true,
              UnaryOperator.identity(),
              SourceKindRules::pathConnection);
      case MYSQL ->
          new SourceKindRules(
              kind,
              false,
              Location.URL,
              false,
              false,
              false,
              false,
              false,
              false,
              UnaryOperator.identity(),
              location -> {
                throw new IllegalStateException("mysql sources are not supported in this version");
              });
    };
  }

  /** The kinds plans may name in this version, in declaration order. */
  public static List<SourceKind> supportedKinds() {
    return Arrays.stream(SourceKind.values()).filter(k -> of(k).supported()).toList();
  }

  /**
   * The plan names of the supported kinds whose rules pass {@code test}, comma-separated, for
   * messages ("sqlite, chroma").
   */
  public static String supportedNamesWhere(Predicate<SourceKindRules> test) {
    return String.join(
        ", ",
        supportedKinds().stream().filter(k -> test.test(of(k))).map(SourceKind::planName).toList());
  }

  /**
   * A plan may give replacements of the source's views and triggers ({@code objects}, {@link
   * ObjectRule}): SQLite's, which are translated from SQLite's SQL (a PostgreSQL source's objects
   * are made from PostgreSQL's own definitions).
   */
  public boolean objectRules() {
    return kind == SourceKind.SQLITE;
  }

  /** Where a source of this kind is, for logs and messages: a URL never shows its password. */
  public String displayLocation(String location) {
    return redactLocation.apply(location);
  }

  /** How a switch back names a source of this kind to its applications (see {@code connection}). */
  public Map<String, Object> connectionOf(String location) {
    return connection.apply(location);
  }

  private static Map<String, Object> pathConnection(String location) {
    return Map.of("path", location);
  }

  private static Map<String, Object> postgresConnection(String location) {
    PostgresUrl url = PostgresUrl.parse(location);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("host", url.host());
    fields.put("port", url.port());
    fields.put("database", url.database());
    if (url.user() != null) {
      fields.put("user", url.user());
    }
    return fields;
  }

  private static String redactPostgresUrl(String location) {
    try {
      return PostgresUrl.parse(location).toString();
    } catch (IllegalArgumentException e) {
      return "(an invalid URL)";
    }
  }
}
