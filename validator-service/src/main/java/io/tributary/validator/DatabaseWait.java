package io.tributary.validator;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Waits for the database on a blocking thread, never without a bound: the control schema's reads
 * and writes at most {@code tributary.validator.database-timeout}, a table's reads at most {@code
 * tributary.validator.query-timeout}; past it a {@link DatabaseTimeoutException} names what was
 * waited for and the setting (a REST call gets 503).
 */
@ApplicationScoped
public class DatabaseWait {
  private final Duration control;
  private final Duration query;

  @Inject
  public DatabaseWait(ValidatorConfig config) {
    this(config.databaseTimeout(), config.queryTimeout());
  }

  public DatabaseWait(Duration control, Duration query) {
    this.control = control;
    this.query = query;
  }

  /** A read or write of the control schema: {@code what} names it for the error. */
  public <T> T control(Uni<T> uni, String what) {
    return await(uni, control, "tributary.validator.database-timeout", what);
  }

  /** A read of a table (a count, applied offsets): {@code what} names it for the error. */
  public <T> T query(Uni<T> uni, String what) {
    return await(uni, query, "tributary.validator.query-timeout", what);
  }

  private static <T> T await(Uni<T> uni, Duration atMost, String setting, String what) {
    try {
      return uni.await().atMost(atMost);
    } catch (TimeoutException e) {
      throw new DatabaseTimeoutException(
          "the target database did not answer within "
              + atMost
              + " while "
              + what
              + " ("
              + setting
              + ")",
          e);
    }
  }
}
