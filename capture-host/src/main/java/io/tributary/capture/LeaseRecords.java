package io.tributary.capture;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** The capture leases' statements of the control schema, as {@link LeaseKeeper} runs them. */
public interface LeaseRecords {

  /** Who holds a source's capture lease, and until when (epoch milliseconds). */
  record Lease(String holder, long expires) {}

  /**
   * Takes or keeps the source's capture lease for {@code holder}.
   *
   * @return who holds it afterwards; empty when the source is gone
   */
  Optional<Lease> acquireLease(String migration, String source, String holder, long leaseMillis);

  /**
   * Renews {@code holder}'s leases of the sources {@code ids} ({@code migration/source}).
   *
   * @return the ids it still holds
   */
  Set<String> renewLeases(String holder, long leaseMillis, Collection<String> ids);

  /** Gives {@code holder}'s lease of the source up. */
  void releaseLease(String holder, String migration, String source);
}
