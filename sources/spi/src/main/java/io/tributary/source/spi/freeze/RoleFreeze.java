package io.tributary.source.spi.freeze;

import java.time.Duration;
import java.util.List;

/**
 * Freezes a PostgreSQL database that applications reach directly by making their roles read-only
 * there and ending their sessions, and — on the tables it is given — a write guard (a trigger that
 * refuses every write but the write-back's, whatever the session's role or settings), and undoes
 * it. The orchestrator owns it (a fallback freezes the target the same way) and offers it to the
 * kinds through {@link FreezeContext}. Every method throws {@link SourceFreezeException} naming the
 * database or role when it cannot do its work.
 */
public interface RoleFreeze {
  /**
   * The {@code application_name} of the write-back's sessions: with the URL's own user, the write
   * guard lets them pass.
   */
  String WRITE_BACK_APPLICATION = "tributary-write-back";

  /**
   * The name of the write guard the freeze puts on every migrated table (a statement trigger and
   * its function in the table's schema), which refuses every writer but the write-back.
   */
  String WRITE_GUARD = "tributary_frozen_write";

  /**
   * What a freeze did.
   *
   * @param database the database
   * @param roles the roles made read-only there
   * @param sessionsEnded how many of their sessions were ended
   * @param guardedTables how many tables got the write guard
   */
  record FrozenRoles(String database, List<String> roles, int sessionsEnded, int guardedTables) {}

  /**
   * Whether a freeze of the roles could run now, without changing any.
   *
   * @param url the database's URL, with the credentials of the role that freezes
   * @param roles the plan's roles; null or empty to find them
   * @param tables quoted, schema-qualified tables ({@code "public"."orders"})
   * @return what stands in the way (empty when nothing does), then what the freeze would do as the
   *     last element
   */
  List<String> check(String url, List<String> roles, List<String> tables, Duration timeout);

  /**
   * The roles a freeze will make read-only, looked up before it acts so that they are recorded
   * first: the plan's roles, or every LOGIN role with write privileges on {@code tables}.
   */
  List<String> resolve(String url, List<String> roles, List<String> tables, Duration timeout);

  /**
   * Makes the roles read-only and puts the write guard on {@code tables}, all in one transaction,
   * then ends the roles' sessions.
   *
   * @param tables quoted, schema-qualified tables to guard; empty for none
   * @param message what the guard answers a refused write
   */
  FrozenRoles freeze(
      String url, List<String> roles, List<String> tables, String message, Duration timeout);

  /**
   * Resets the roles' read-only setting, drops every write guard of the database and ends the
   * roles' sessions begun before (idempotent).
   */
  void unfreeze(String url, String database, List<String> roles, Duration timeout);
}
