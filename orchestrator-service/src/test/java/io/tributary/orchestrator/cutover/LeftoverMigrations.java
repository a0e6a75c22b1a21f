package io.tributary.orchestrator.cutover;

import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Ends the migrations an earlier test class left running, through the operator's own API: one cut
 * over is finished (its fallback window closed: nothing captured from the target any more), any
 * other still capturing, replicating or failed is abandoned (its capture stopped, slots and topics
 * removed; its target schemas kept). What cannot be ended is logged, never failed on: the next
 * class's own assertions are about its own migration.
 */
final class LeftoverMigrations {
  private static final Logger LOG = Logger.getLogger(LeftoverMigrations.class);
  private static final List<String> ABANDONED_FROM =
      List.of(
          "PLANNED",
          "PROVISIONED",
          "SNAPSHOTTING",
          "REPLICATING",
          "ROLLED_BACK",
          "FAILED",
          "FELL_BACK");

  private LeftoverMigrations() {}

  /** Ends every migration left running by {@code previous}. */
  static void end(String previous) {
    List<Map<String, Object>> all =
        JsonPath.from(Operator.given().when().get("/migrations").then().extract().asString())
            .getList("$");
    for (Map<String, Object> migration : all) {
      String id = (String) migration.get("id");
      String state = (String) migration.get("state");
      int status;
      if ("CUT_OVER".equals(state)) {
        status =
            Operator.given()
                .contentType("application/json")
                .body("{}")
                .post("/migrations/{id}/finish", id)
                .then()
                .extract()
                .statusCode();
      } else if (ABANDONED_FROM.contains(state)) {
        status =
            Operator.given()
                .queryParam("reason", "left running by " + previous)
                .delete("/migrations/{id}", id)
                .then()
                .extract()
                .statusCode();
      } else {
        continue;
      }
      LOG.infof("Migration %s left %s by %s: ended (%d)", id, state, previous, status);
    }
  }
}
