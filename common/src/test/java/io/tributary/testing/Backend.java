package io.tributary.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the test servers are provided: Testcontainers, or local processes. */
public enum Backend {
  /** Docker containers through Testcontainers. */
  CONTAINERS,
  /** Local processes: {@link LocalPostgres} and {@link LocalKafka}. */
  LOCAL;

  /** Environment variable that forces {@link #LOCAL} when {@code true}. */
  public static final String LOCAL_ENV = "TRIBUTARY_TEST_LOCAL";

  /** System property that forces {@link #LOCAL} when {@code true}. */
  public static final String LOCAL_PROPERTY = "tributary.test.local";

  private static final Logger LOG = LoggerFactory.getLogger(Backend.class);

  /**
   * {@link #LOCAL} if forced by {@value #LOCAL_ENV} or {@value #LOCAL_PROPERTY}, else {@link
   * #CONTAINERS} if a Docker engine answers, else {@link #LOCAL}.
   */
  public static Backend detect() {
    if (Boolean.parseBoolean(System.getenv(LOCAL_ENV)) || Boolean.getBoolean(LOCAL_PROPERTY)) {
      return LOCAL;
    }
    try {
      if (ContainerServers.dockerAvailable()) {
        return CONTAINERS;
      }
      LOG.info("No Docker engine answers: using local PostgreSQL and Kafka processes");
    } catch (LinkageError | RuntimeException e) {
      LOG.info(
          "Testcontainers unusable ({}): using local PostgreSQL and Kafka processes", e.toString());
    }
    return LOCAL;
  }
}
