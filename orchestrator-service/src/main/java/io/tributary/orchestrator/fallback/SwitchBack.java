package io.tributary.orchestrator.fallback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.SourceKindRules;
import io.tributary.orchestrator.cutover.CutoverStepException;
import io.tributary.orchestrator.cutover.SwitchActionRunner;
import io.tributary.orchestrator.freeze.PgBouncerAdmin;
import io.tributary.orchestrator.freeze.PgBouncerConfigFile;
import io.tributary.orchestrator.provision.SwitchActionPolicy;
import io.tributary.orchestrator.window.SwitchOrigins;
import io.tributary.source.spi.freeze.CutoverSource;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The switch actions run backwards. Before a cutover's switch, {@link SwitchOrigins} records what
 * its actions are about to replace (a PgBouncer database entry, an env file's text); a fallback's
 * switch back puts those back ({@code RELOAD}, {@code RECONNECT}, {@code RESUME} for PgBouncer: the
 * clients paused by the fallback's freeze continue on the source) and announces the sources'
 * settings through the webhook and event actions, with {@code "event": "fallback"}.
 */
@ApplicationScoped
public class SwitchBack {
  private final Vertx vertx;
  private final SwitchActionRunner switches;
  private final SwitchActionPolicy policy;

  public SwitchBack(Vertx vertx, SwitchActionRunner switches, SwitchActionPolicy policy) {
    this.vertx = vertx;
    this.switches = switches;
    this.policy = policy;
  }

  /**
   * Runs the actions backwards, in the reverse order. When the first one fails nothing took effect
   * (the fallback rolls back and the target stays live); a later failure is returned for the
   * operator to finish by hand.
   *
   * @param origins what {@link SwitchOrigins} recorded at the cutover
   * @return one line per action
   * @throws CutoverStepException when the first action fails
   */
  public List<String> run(
      List<CutoverAction> actions,
      String origins,
      String migration,
      long fallback,
      List<CutoverSource> sources,
      Duration timeout) {
    JsonNode recorded;
    try {
      recorded = origins == null ? null : ChangeEventCodec.MAPPER.readTree(origins);
    } catch (IOException e) {
      throw new CutoverStepException("the switch's recorded origins cannot be read: " + e, e);
    }
    String body = payload(migration, fallback, sources);
    List<String> done = new ArrayList<>();
    // first what moves the applications (backwards), then what announces it: a webhook never says
    // "fallback" before the applications' connections point at the sources
    List<Integer> order = new ArrayList<>();
    for (int i = actions.size() - 1; i >= 0; i--) {
      if (moves(actions.get(i))) {
        order.add(i);
      }
    }
    for (int i = 0; i < actions.size(); i++) {
      if (!moves(actions.get(i))) {
        order.add(i);
      }
    }
    for (int i : order) {
      CutoverAction action = actions.get(i);
      JsonNode origin = recorded == null || recorded.size() <= i ? null : recorded.get(i);
      try {
        // the policy is asked again at the write (its settings, or a link, may have changed since
        // the cutover), and the real path it resolves is the one written
        if (action instanceof CutoverAction.PgBouncer p) {
          done.add(pgBouncer(p, policy.pgBouncerConfig(p.config()), origin, timeout));
        } else if (action instanceof CutoverAction.EnvFile e) {
          done.add(envFile(policy.envFile(e.path()), origin));
        } else {
          done.add(switches.announce(action, migration, body, timeout));
        }
      } catch (RuntimeException e) {
        String line = "action " + (i + 1) + " (" + action.kind() + ") failed: " + e.getMessage();
        if (done.isEmpty()) {
          throw new CutoverStepException(line, e);
        }
        done.add(line + " (finish it by hand)");
      }
    }
    return done;
  }

  private static boolean moves(CutoverAction action) {
    return action instanceof CutoverAction.PgBouncer || action instanceof CutoverAction.EnvFile;
  }

  private String pgBouncer(
      CutoverAction.PgBouncer action, Path config, JsonNode origin, Duration timeout) {
    String entry = origin == null ? null : origin.path("entry").asText(null);
    if (entry == null) {
      throw new CutoverStepException(
          "pgbouncer: the cutover recorded no entry for database "
              + action.database()
              + " to put back");
    }
    PgBouncerConfigFile file = PgBouncerConfigFile.read(config);
    String target = file.database(action.database()).orElse(null);
    try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, action.admin(), timeout)) {
      file.withDatabase(action.database(), entry).write();
      try {
        admin.reload();
        admin.reconnect(action.database());
        admin.resume(action.database());
      } catch (RuntimeException e) {
        // back to the target before anything else: the rollback resumes the database, and its
        // clients must then reach the target, which stays theirs
        if (target != null) {
          PgBouncerConfigFile.read(config).withDatabase(action.database(), target).write();
          admin.reload();
          admin.reconnect(action.database());
        }
        throw e;
      }
    }
    return "pgbouncer: database "
        + action.database()
        + " points at the source again ("
        + PgBouncerConfigFile.redact(entry)
        + "), resumed";
  }

  private static String envFile(Path file, JsonNode origin) {
    String content =
        origin == null || origin.path("content").isNull()
            ? null
            : origin.path("content").asText(null);
    try {
      if (content == null) {
        Files.deleteIfExists(file);
        return "env-file: " + file + " removed (it did not exist before the cutover)";
      }
      Path temp = Files.createTempFile(file.getParent(), ".tributary-", ".env");
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return "env-file: " + file + " holds its text of before the cutover again";
    } catch (IOException e) {
      throw new UncheckedIOException("env-file: cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The switch back as JSON: the migration, the fallback, each source's settings. */
  static String payload(String migration, long fallback, List<CutoverSource> sources) {
    ObjectNode root = ChangeEventCodec.MAPPER.createObjectNode();
    root.put("event", "fallback").put("migration", migration).put("fallback", fallback);
    root.put("at", Instant.now().toString());
    ArrayNode list = root.putArray("connections");
    for (CutoverSource s : sources) {
      ObjectNode c = list.addObject().put("source", s.name());
      SourceKindRules.of(s.kind())
          .connectionOf(s.location())
          .forEach((field, value) -> c.set(field, ChangeEventCodec.MAPPER.valueToTree(value)));
    }
    return root.toString();
  }
}
