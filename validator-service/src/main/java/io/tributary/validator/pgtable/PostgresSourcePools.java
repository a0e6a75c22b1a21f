package io.tributary.validator.pgtable;

import io.tributary.common.plan.PostgresUrl;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.validator.ValidatorConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One small Vert.x connection pool per PostgreSQL source, by its recorded location (the plan's URL,
 * read with {@link PostgresUrl}), created on first use and closed when the validator stops. Of the
 * URL's parameters {@code sslmode} is honoured ({@code require} without verifying the server's
 * certificate, as libpq does); the others are ignored. Connections idle for a minute are closed.
 */
@ApplicationScoped
class PostgresSourcePools {
  private static final Logger LOG = Logger.getLogger(PostgresSourcePools.class);
  private static final int IDLE_SECONDS = 60;

  private final Vertx vertx;
  private final ValidatorConfig config;
  private final Map<String, Pool> pools = new ConcurrentHashMap<>();

  public PostgresSourcePools(Vertx vertx, ValidatorConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /**
   * The pool of the source at this location.
   *
   * @throws ValidationException when the location is not a PostgreSQL URL
   */
  public Pool pool(String location) {
    Pool pool = pools.get(location);
    if (pool != null) {
      return pool;
    }
    PgConnectOptions options = options(url(location));
    return pools.computeIfAbsent(
        location,
        l ->
            Pool.newInstance(
                PgBuilder.pool()
                    .with(
                        new PoolOptions()
                            .setMaxSize(config.sourceConnections())
                            .setIdleTimeout(IDLE_SECONDS)
                            .setName("tributary-source-" + pools.size()))
                    .connectingTo(options)
                    .using(vertx.getDelegate())
                    .build()));
  }

  /**
   * The location read as a PostgreSQL URL.
   *
   * @throws ValidationException when it is not one (the message never shows the password)
   */
  public static PostgresUrl url(String location) {
    try {
      return PostgresUrl.parse(location);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ValidationException(
          "source location is not a PostgreSQL URL: " + e.getMessage(), e);
    }
  }

  /** The Vert.x connect options of a URL. */
  static PgConnectOptions options(PostgresUrl url) {
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(url.host())
            .setPort(url.port())
            .setDatabase(url.database())
            .addProperty("application_name", "tributary-validator");
    if (url.user() != null) {
      options.setUser(url.user());
    }
    if (url.password() != null) {
      options.setPassword(url.password());
    }
    String sslmode = url.parameters().get("sslmode");
    if (sslmode != null) {
      SslMode mode = SslMode.of(sslmode.toLowerCase(Locale.ROOT));
      options.setSslMode(mode);
      if (mode == SslMode.REQUIRE || mode == SslMode.PREFER || mode == SslMode.ALLOW) {
        options.setTrustAll(true);
      }
    }
    return options;
  }

  @PreDestroy
  void close() {
    pools.forEach(
        (location, pool) -> {
          try {
            pool.closeAndAwait();
          } catch (RuntimeException e) {
            LOG.debugf(e, "Closing the pool of a source failed");
          }
        });
    pools.clear();
  }
}
