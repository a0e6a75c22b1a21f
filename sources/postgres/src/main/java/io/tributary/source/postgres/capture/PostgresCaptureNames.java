package io.tributary.source.postgres.capture;

import io.tributary.common.control.CaptureNames;

/**
 * The names of what capture creates in a PostgreSQL source for one migration's source: the logical
 * replication slot and the publication, both {@code tributary_<migration>_<source>_<hash>} ({@link
 * CaptureNames#postgresSlot}, which the validator uses to read how far capture has confirmed).
 *
 * @param slot the replication slot
 * @param publication the publication (same text, a separate namespace)
 */
public record PostgresCaptureNames(String slot, String publication) {

  /** The names for a migration's source. */
  public static PostgresCaptureNames of(String migration, String source) {
    String name = CaptureNames.postgresSlot(migration, source);
    return new PostgresCaptureNames(name, name);
  }
}
