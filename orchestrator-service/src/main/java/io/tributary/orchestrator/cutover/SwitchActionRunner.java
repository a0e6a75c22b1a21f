package io.tributary.orchestrator.cutover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tributary.common.plan.CutoverAction;
import io.tributary.orchestrator.freeze.PgBouncerAdmin;
import io.tributary.orchestrator.freeze.PgBouncerConfigFile;
import io.tributary.orchestrator.freeze.PgBouncerDatabase;
import io.tributary.orchestrator.provision.SwitchActionPolicy;
import io.tributary.orchestrator.provision.WebhookAddress;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.SourceFreezeException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Runs one switch action of a plan: points a PgBouncer database at the target and resumes it, posts
 * a webhook, publishes an event, or writes an env file, each with the applications' new connection
 * settings ({@link TargetConnection}).
 */
@ApplicationScoped
public class SwitchActionRunner {
  private static final Logger LOG = Logger.getLogger(SwitchActionRunner.class);
  private final Emitter<String> events;
  private final ObjectMapper mapper;
  private final Vertx vertx;
  private final SwitchActionPolicy policy;

  public SwitchActionRunner(
      @Channel("status") Emitter<String> events,
      ObjectMapper mapper,
      Vertx vertx,
      SwitchActionPolicy policy) {
    this.vertx = vertx;
    this.events = events;
    this.mapper = mapper;
    this.policy = policy;
  }

  /**
   * Runs {@code action}.
   *
   * @param connections the new settings of every source of the migration
   * @return what it did, for the audit log
   * @throws CutoverStepException when it failed; a PgBouncer action that fails leaves its database
   *     entry as it was (and still paused: the rollback resumes it)
   */
  public String run(
      CutoverAction action,
      String migration,
      long cutover,
      List<TargetConnection> connections,
      Duration timeout) {
    try {
      // the policy is asked again now, and the paths and address it resolves are the ones used
      if (action instanceof CutoverAction.PgBouncer p) {
        return pgBouncer(p, policy.pgBouncerConfig(p.config()), connections, timeout);
      } else if (action instanceof CutoverAction.Webhook w) {
        return webhook(w, policy.webhook(w.url()), payload(migration, cutover, connections));
      } else if (action instanceof CutoverAction.Event e) {
        return event(e, migration, payload(migration, cutover, connections), timeout);
      } else {
        CutoverAction.EnvFile env = (CutoverAction.EnvFile) action;
        return envFile(env, policy.envFile(env.path()), migration, connections);
      }
    } catch (SourceFreezeException | UncheckedIOException | IllegalArgumentException e) {
      throw new CutoverStepException(action.kind() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends {@code body} through a webhook or event action (a fallback's switch back announces the
   * sources' settings the same way a switch announced the target's).
   *
   * @return what it did, for the audit log
   * @throws CutoverStepException when it failed, or for an action that is neither
   */
  public String announce(CutoverAction action, String migration, String body, Duration timeout) {
    if (action instanceof CutoverAction.Webhook w) {
      WebhookAddress address;
      try {
        address = policy.webhook(w.url());
      } catch (IllegalArgumentException e) {
        throw new CutoverStepException(action.kind() + ": " + e.getMessage(), e);
      }
      return webhook(w, address, body);
    } else if (action instanceof CutoverAction.Event e) {
      return event(e, migration, body, timeout);
    }
    throw new CutoverStepException(action.kind() + " actions announce nothing");
  }

  /**
   * Whether {@code action} could run now, without running it: a PgBouncer config file with the
   * database's entry, a webhook's host accepting connections (nothing is posted), an env file's
   * directory writable. An event goes to the Kafka cluster the fence probe went through.
   */
  public CutoverCheck check(CutoverAction action, Duration timeout) {
    String subject = action.kind();
    String refusal = policy.refusal(action);
    if (refusal != null) {
      return CutoverCheck.failed("switch", subject, refusal);
    }
    try {
      if (action instanceof CutoverAction.PgBouncer p) {
        subject += " " + p.database();
        if (PgBouncerConfigFile.read(policy.pgBouncerConfig(p.config()))
            .database(p.database())
            .isEmpty()) {
          return CutoverCheck.failed(
              "switch", subject, p.config() + " has no [databases] entry '" + p.database() + "'");
        }
        return CutoverCheck.passed(
            "switch", subject, p.config() + " has the database's entry to re-point");
      } else if (action instanceof CutoverAction.Webhook w) {
        subject += " " + SwitchActionPolicy.display(w.url());
        WebhookAddress address = policy.webhook(w.url());
        try (Socket socket = new Socket()) {
          socket.connect(address.socketAddress(), (int) Math.max(1, timeout.toMillis()));
        }
        return CutoverCheck.passed(
            "switch",
            subject,
            w.url().getHost()
                + ":"
                + address.port()
                + " ("
                + address.address().getHostAddress()
                + ") accepts connections (not posted)");
      } else if (action instanceof CutoverAction.Event e) {
        subject += " " + e.topic();
        return CutoverCheck.passed(
            "switch",
            subject,
            "published on the Kafka cluster capture and apply use (see the capture check)");
      } else {
        CutoverAction.EnvFile env = (CutoverAction.EnvFile) action;
        subject += " " + env.path().toAbsolutePath();
        Path target = policy.envFile(env.path());
        Path dir = target.getParent();
        while (dir != null && !Files.exists(dir)) {
          dir = dir.getParent();
        }
        if (dir == null
            || !Files.isWritable(dir)
            || (Files.exists(target) && !Files.isWritable(target))) {
          return CutoverCheck.failed(
              "switch",
              subject,
              (dir == null ? target : dir) + " is not writable by the orchestrator's user");
        }
        return CutoverCheck.passed("switch", subject, "writable");
      }
    } catch (IOException | RuntimeException e) {
      return CutoverCheck.failed("switch", subject, e.getMessage());
    }
  }

  private String pgBouncer(
      CutoverAction.PgBouncer action,
      Path config,
      List<TargetConnection> connections,
      Duration timeout) {
    TargetConnection target = of(connections, action.source());
    PgBouncerConfigFile original = PgBouncerConfigFile.read(config);
    String before =
        original
            .database(action.database())
            .orElseThrow(
                () ->
                    new CutoverStepException(
                        "pgbouncer: "
                            + action.config()
                            + " has no [databases] entry '"
                            + action.database()
                            + "'"));
    String after =
        PgBouncerConfigFile.connectionString(
            target.host(),
            target.port(),
            target.database(),
            action.targetUser() == null ? target.user() : action.targetUser(),
            action.targetPassword());
    try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, action.admin(), timeout)) {
      original.withDatabase(action.database(), after).write();
      try {
        admin.reload();
        checkTaken(admin, action, target);
        admin.reconnect(action.database());
        admin.resume(action.database());
      } catch (RuntimeException e) {
        // back to the source before anything else: the rollback resumes the database, and its
        // clients must then reach the source, never the target
        PgBouncerConfigFile.read(config).withDatabase(action.database(), before).write();
        admin.reload();
        admin.reconnect(action.database());
        throw e;
      }
    }
    return "pgbouncer: database "
        + action.database()
        + " now points at "
        + target.host()
        + ":"
        + target.port()
        + "/"
        + target.database()
        + " as "
        + (action.targetUser() == null ? target.user() : action.targetUser())
        + ", resumed";
  }

  /**
   * After {@code RELOAD}, PgBouncer's own view ({@code SHOW DATABASES}) must point the database at
   * the target: a config it could not read (a syntax error, a file it may not open) leaves the old
   * entry in force, and its clients would be resumed on the source.
   */
  private static void checkTaken(
      PgBouncerAdmin admin, CutoverAction.PgBouncer action, TargetConnection target) {
    PgBouncerDatabase now =
        admin.databases().stream()
            .filter(d -> d.name().equals(action.database()))
            .findFirst()
            .orElseThrow(
                () ->
                    new CutoverStepException(
                        "pgbouncer: after RELOAD, PgBouncer lists no database '"
                            + action.database()
                            + "' (see its log)"));
    if (!target.host().equals(now.host())
        || now.port() == null
        || now.port() != target.port()
        || !target.database().equals(now.database())) {
      throw new CutoverStepException(
          "pgbouncer: after RELOAD, database "
              + action.database()
              + " still points at "
              + now.host()
              + ":"
              + now.port()
              + "/"
              + now.database()
              + ", not at the target "
              + target.host()
              + ":"
              + target.port()
              + "/"
              + target.database()
              + ": PgBouncer did not take "
              + action.config()
              + " (see its log)");
    }
  }

  /**
   * Posts {@code body} to the address the policy resolved ({@link WebhookAddress}): the name is not
   * resolved again, while TLS (SNI, the certificate's name) and the {@code Host} header still name
   * the URL's host. No redirect is followed.
   */
  private String webhook(CutoverAction.Webhook action, WebhookAddress address, String body) {
    String shown = SwitchActionPolicy.display(action.url());
    Duration timeout = action.timeout() == null ? Duration.ofSeconds(10) : action.timeout();
    URI url = action.url();
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setServer(
                SocketAddress.inetSocketAddress(address.port(), address.address().getHostAddress()))
            .setHost(url.getHost())
            .setPort(address.port())
            .setSsl(address.tls())
            .setURI(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
            .setFollowRedirects(false)
            .setTimeout(Math.max(1, timeout.toMillis()))
            .putHeader("Content-Type", "application/json");
    action.headers().forEach(options::putHeader);
    HttpClient http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setVerifyHost(true)
                .setForceSni(true));
    int status;
    String text;
    try {
      HttpClientResponse response =
          http.request(options)
              .flatMap(request -> request.send(body))
              .await()
              .atMost(timeout.plusSeconds(1));
      status = response.statusCode();
      text = status / 100 == 2 ? "" : response.body().await().atMost(timeout).toString();
    } catch (RuntimeException e) {
      throw new CutoverStepException("webhook: POST " + shown + " failed: " + e, e);
    } finally {
      http.close().subscribe().with(done -> {}, failure -> {});
    }
    if (status / 100 != 2) {
      // The answer's body is logged, not shown: a webhook must not be a way to read what a host
      // of the orchestrator's network says.
      LOG.warnf(
          "Webhook POST %s answered %d: %s",
          shown, status, text.substring(0, Math.min(200, text.length())));
      throw new CutoverStepException(
          "webhook: POST "
              + shown
              + " answered "
              + status
              + " (its answer is in the orchestrator's log)");
    }
    return "webhook: POST " + shown + " answered " + status;
  }

  private String event(
      CutoverAction.Event action, String migration, String body, Duration timeout) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    events.send(
        Message.of(body)
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(migration)
                    .withTopic(action.topic())
                    .build())
            .withAck(
                () -> {
                  acked.complete(null);
                  return CompletableFuture.completedFuture(null);
                })
            .withNack(
                failure -> {
                  acked.completeExceptionally(failure);
                  return CompletableFuture.completedFuture(null);
                }));
    try {
      acked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new CutoverStepException(
          "event: publishing on " + action.topic() + " failed: " + e.getMessage(), e);
    }
    return "event: new connection settings published on " + action.topic();
  }

  private String envFile(
      CutoverAction.EnvFile action,
      Path target,
      String migration,
      List<TargetConnection> connections) {
    TargetConnection c =
        action.source() == null ? connections.get(0) : of(connections, action.source());
    String text =
        "# Written by Tributary at the cutover of migration "
            + migration
            + " ("
            + Instant.now()
            + ").\n"
            + "DATABASE_URL="
            + shell(c.url())
            + "\nPGHOST="
            + shell(c.host())
            + "\nPGPORT="
            + c.port()
            + "\nPGDATABASE="
            + shell(c.database())
            + "\nPGUSER="
            + shell(c.user())
            + "\nPGOPTIONS="
            + shell("-c search_path=" + c.schema())
            + "\nTRIBUTARY_SCHEMA="
            + shell(c.schema())
            + "\n";
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".tributary-", ".env");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      // The applications read it: the permissions of the file it replaces, else rw-r--r-- (it
      // holds no password)
      Files.setPosixFilePermissions(
          temp,
          Files.exists(target)
              ? Files.getPosixFilePermissions(target)
              : PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CutoverStepException("env-file: cannot write " + target + ": " + e.getMessage(), e);
    }
    return "env-file: " + target + " now points " + c.source() + " at " + c.url();
  }

  /** The switch as JSON: the migration, the cutover, and each source's new settings. */
  String payload(String migration, long cutover, List<TargetConnection> connections) {
    ObjectNode root = mapper.createObjectNode();
    root.put("event", "switch").put("migration", migration).put("cutover", cutover);
    root.put("at", Instant.now().toString());
    ArrayNode list = root.putArray("connections");
    for (TargetConnection c : connections) {
      list.addObject()
          .put("source", c.source())
          .put("schema", c.schema())
          .put("host", c.host())
          .put("port", c.port())
          .put("database", c.database())
          .put("user", c.user())
          .put("url", c.url());
    }
    return root.toString();
  }

  private static TargetConnection of(List<TargetConnection> connections, String source) {
    return connections.stream()
        .filter(c -> c.source().equals(source))
        .findFirst()
        .orElseThrow(() -> new CutoverStepException("no source '" + source + "' in the migration"));
  }

  private static String shell(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
