package io.tributary.orchestrator.provision;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether apply can write as a replica on the target ({@code session_replication_role = replica}:
 * Tributary's role is a superuser, or was granted {@code SET ON PARAMETER
 * session_replication_role}), and the note the plan's answer and the dry run add when it cannot
 * while the plan makes triggers or rules on the target: those would fire for apply's writes too
 * (the source's triggers already made the rows apply writes), so a trigger keeping a counter or an
 * audit table would count or log each replicated change twice.
 */
public final class ReplicaWriteCheck {
  /** True when the connected role may set {@code session_replication_role} (PostgreSQL 15+). */
  static final String QUERY =
      "SELECT rolsuper OR pg_catalog.has_parameter_privilege(current_user,"
          + " 'session_replication_role', 'SET') FROM pg_catalog.pg_roles"
          + " WHERE rolname = current_user";

  private ReplicaWriteCheck() {}

  /** The request's notes, with the warning first when apply cannot write as a replica. */
  public static Uni<List<String>> notes(Pool pool, ProvisioningRequest request) {
    List<PlannedObject> firing =
        request.objects().stream()
            .filter(PlannedObject::made)
            .filter(o -> o.kind().equals("trigger") || o.kind().equals("rule"))
            .toList();
    if (firing.isEmpty()) {
      return Uni.createFrom().item(request.notes());
    }
    return pool.query(QUERY)
        .execute()
        .map(
            rows -> rows.iterator().hasNext() && Boolean.TRUE.equals(first(rows.iterator().next())))
        .map(allowed -> allowed ? request.notes() : withWarning(request.notes(), firing));
  }

  private static Boolean first(Row row) {
    return row.getBoolean(0);
  }

  /** The notes with the warning naming the triggers and rules first. */
  static List<String> withWarning(List<String> notes, List<PlannedObject> firing) {
    List<String> out = new ArrayList<>();
    out.add(
        "WARNING: Tributary's role on the target may not set session_replication_role (it is not a"
            + " superuser and was not granted SET ON PARAMETER session_replication_role), so the "
            + firing.size()
            + " trigger(s) and rule(s) made on the target ("
            + String.join(", ", firing.stream().map(PlannedObject::target).toList())
            + ") will fire for apply's writes as well as the application's: grant it (GRANT SET ON"
            + " PARAMETER session_replication_role TO <Tributary's role>, PostgreSQL 15+) before"
            + " starting, or skip them");
    out.addAll(notes);
    return out;
  }
}
