package io.tributary.cdc.capture;

import io.tributary.capture.LeaseRecords;
import io.tributary.common.control.CaptureStatements;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The capture leases' statements ({@link CaptureStatements}) through cdc-service's reactive pool,
 * each waited for at most {@code timeout}: a renewal must answer well within a renew interval.
 */
final class PooledLeaseRecords implements LeaseRecords {
  private final Pool pool;
  private final Duration timeout;

  PooledLeaseRecords(Pool pool, Duration timeout) {
    this.pool = pool;
    this.timeout = timeout;
  }

  @Override
  public Optional<Lease> acquireLease(
      String migration, String source, String holder, long leaseMillis) {
    RowSet<Row> rows =
        pool.preparedQuery(CaptureStatements.ACQUIRE_LEASE)
            .execute(Tuple.of(migration, source, holder, leaseMillis))
            .await()
            .atMost(timeout);
    if (rows.size() == 0) {
      return Optional.empty(); // the source was deleted meanwhile
    }
    Row row = rows.iterator().next();
    return Optional.of(new Lease(row.getString("holder"), row.getLong("expires")));
  }

  @Override
  public Set<String> renewLeases(String holder, long leaseMillis, Collection<String> ids) {
    Set<String> renewed = new HashSet<>();
    for (Row row :
        pool.preparedQuery(CaptureStatements.RENEW_LEASES)
            .execute(Tuple.of(holder, leaseMillis, ids.toArray(String[]::new)))
            .await()
            .atMost(timeout)) {
      renewed.add(row.getString("id"));
    }
    return renewed;
  }

  @Override
  public void releaseLease(String holder, String migration, String source) {
    pool.preparedQuery(CaptureStatements.RELEASE_LEASE)
        .execute(Tuple.of(holder, migration, source))
        .await()
        .atMost(timeout);
  }
}
