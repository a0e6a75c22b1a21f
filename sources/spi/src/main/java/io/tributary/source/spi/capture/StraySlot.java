package io.tributary.source.spi.capture;

/**
 * A replication slot named as Tributary names its slots ({@code tributary_…}) in a source's
 * database that no active migration of this control schema uses: left by a migration whose change
 * capture was never removed (its records deleted, or another deployment's), it holds WAL back in
 * the source for ever. Reported by {@code GET /cdc/status} with the statement that drops it; never
 * dropped automatically (another deployment may own it).
 *
 * @param slot the slot's name
 * @param active whether a connection streams from it now
 * @param retainedBytes the WAL it holds back
 * @param drop the statement an operator runs in the source to drop it, once sure nobody uses it
 */
public record StraySlot(String slot, boolean active, long retainedBytes, String drop) {
  public static StraySlot of(String slot, boolean active, long retainedBytes) {
    return new StraySlot(
        slot,
        active,
        retainedBytes,
        "SELECT pg_drop_replication_slot('" + slot.replace("'", "''") + "')");
  }
}
