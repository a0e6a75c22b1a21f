package io.tributary.orchestrator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tributary.planning.PlanEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The orchestrator's own settings ({@code tributary.orchestrator.*}). */
@ConfigMapping(prefix = "tributary.orchestrator")
public interface OrchestratorConfig {

  /**
   * The directory that relative SQLite paths in submitted plans are resolved against. Defaults to
   * the working directory of the orchestrator process.
   */
  @WithDefault(".")
  Path sourcesDir();

  /**
   * The environment variables a plan's {@code ${NAME}} placeholders may read: a regular expression
   * the whole name must match. By default every name but the orchestrator's own settings ({@code
   * QUARKUS_*}, {@code TRIBUTARY_*}, {@code KAFKA_*}, {@code MP_*}, {@code SMALLRYE_*}, {@code
   * JAVA_*}, {@code JDK_*}); e.g. {@code PLAN_.*} allows only names beginning with {@code PLAN_}.
   */
  @WithDefault(PlanEnvironment.DEFAULT_READABLE)
  String planEnvironment();

  /**
   * How often the supervisor looks for migrations whose state can advance (for example from
   * SNAPSHOTTING to REPLICATING once every table's snapshot is captured). Read by the scheduler as
   * {@code ${tributary.orchestrator.supervise-interval}}; accepts {@code 2s} or {@code PT2S}.
   */
  @WithDefault("2s")
  Duration superviseInterval();

  /**
   * The longest a blocking step waits for the target database: ensuring the control schema at
   * startup, and each database round of a REST call.
   */
  @WithDefault("60s")
  Duration databaseTimeout();

  /**
   * The longest one finalize step may take (an index or a foreign-key validation reads the whole
   * table).
   */
  @WithDefault("30m")
  Duration finalizeStepTimeout();

  /**
   * How many finalize steps that build an index run at once, each on a connection of its own
   * (PostgreSQL may add parallel workers of its own to each: {@code
   * max_parallel_maintenance_workers}); and, after them, how many tables have their foreign keys
   * validated and {@code ANALYZE} run at once (a table's own such steps one after the other). The
   * other steps run one after the other.
   */
  @WithDefault("2")
  int finalizeIndexBuilds();

  /**
   * How long a finalize step that only changes a table's definition (a column default, an identity)
   * waits for the table's exclusive lock at a time ({@code 500ms}). Waiting longer would hold up
   * every read and write queued behind it on the table (an index build, apply, the validator's next
   * read) for as long as whatever holds the table runs: a step that cannot have the lock within
   * this wait lets go and is tried again after the index builds, then every wait until {@link
   * #finalizeStepTimeout}.
   */
  @WithDefault("500ms")
  Duration finalizeLockWait();

  /**
   * The longest connecting and logging in to a PostgreSQL source may take when a plan is submitted
   * (its catalog and capture requirements are read then). A plan's URL may override it with its own
   * {@code connectTimeout} and {@code loginTimeout} parameters (seconds).
   */
  @WithDefault("10s")
  Duration sourceConnectTimeout();

  /**
   * How often the per-table gauges at {@code /q/metrics} are read again from the control schema and
   * Kafka (each refresh reads every active migration as {@code GET /migrations/{id}} does). Read by
   * the scheduler as {@code ${tributary.orchestrator.metrics-interval}}.
   */
  @WithDefault("15s")
  Duration metricsInterval();

  /**
   * How many samples of a migration's progress the control schema keeps for the web UI's charts
   * (one per {@link #metricsInterval}, in {@code tributary.progress_samples}); past that, the older
   * half is thinned to one sample in two, so the whole life stays drawn, coarser the older it is.
   */
  @WithDefault("2000")
  int historySamples();

  /**
   * How long {@code DELETE /migrations/{id}} waits for the abandoned migration to be cleaned up
   * (cdc-service removing the sources' change capture, Kafka deleting its topics) before it answers
   * 202 and leaves the rest to the orchestrator's sweep; also how long Kafka may take to delete the
   * topics.
   */
  @WithDefault("30s")
  Duration abandonWait();

  /**
   * How often {@code GET /migrations/{id}/live} (the web UI's live view) sends the migration as it
   * stands.
   */
  @WithDefault("1s")
  Duration liveInterval();

  /**
   * How many {@code GET /migrations/{id}/live} streams one client (an operator from one remote
   * address) may hold open at once; one more is refused with 429. Each stream holds a connection
   * and reads the database every {@link #liveInterval()}.
   */
  @WithDefault("4")
  int liveStreamsPerClient();

  /** The consumer group of apply, whose stored positions give each table's apply lag. */
  @WithDefault("tributary-apply")
  String applyGroup();

  /** How long GET /migrations/{id} waits for Kafka's end offsets before reporting lag unknown. */
  @WithDefault("3s")
  Duration kafkaTimeout();

  /**
   * The oldest an event on {@code tributary.commands} may be and still run: older commands (say, a
   * consumer group reading the topic from its beginning) are refused, so no old cutover is
   * replayed.
   */
  @WithDefault("10m")
  Duration commandMaxAge();

  /** How a cutover prepares before the freeze. */
  Cutover cutover();

  /** {@code tributary.orchestrator.cutover.*}. */
  interface Cutover {
    /**
     * The most catch-up rounds after the precutover verification ({@code 4}): each compares the
     * rows changed since the last position verified and moves the position on, so that the final
     * gate, under the freeze, has only the rows changed during the last round to compare. 0: none.
     */
    @WithDefault("4")
    int catchUpRounds();

    /**
     * A round shorter than this ends the catch-up ({@code 1s}): the rows changed during it are few
     * enough for the gate.
     */
    @WithDefault("1s")
    Duration catchUpUntil();

    /**
     * The directories {@code env-file} switch actions may write into (and below). None by default:
     * a plan's env-file action is refused until the operator names where applications read their
     * settings, so that a plan cannot make the orchestrator write wherever its user may.
     */
    Optional<List<Path>> envFileDirs();

    /**
     * The directories whose PgBouncer configuration files {@code pgbouncer} switch actions may
     * rewrite ({@code config:}, symbolic links resolved; e.g. {@code /etc/pgbouncer}). None by
     * default: a plan's pgbouncer action is refused until the operator names where PgBouncer's
     * configuration is, so that a plan cannot make the orchestrator rewrite any file its user may.
     */
    Optional<List<Path>> pgbouncerConfigDirs();

    /**
     * The hosts {@code webhook} switch actions may post to: a name ({@code ops.example}), or {@code
     * *.example} for every name below it. Unset: any host. Either way, never a link-local address
     * (169.254.0.0/16, fe80::/10: where clouds serve instance credentials), nor a private one
     * unless {@link #webhookPrivateNetworks} lists it.
     */
    Optional<List<String>> webhookHosts();

    /**
     * The loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10), unique-local (fc00::/7) and
     * multicast ranges {@code webhook} switch actions may post to, in CIDR notation ({@code
     * 10.20.0.0/16}). None by default: a webhook whose host resolves into such a range is refused,
     * so that a plan cannot make the orchestrator post to services of its own network. Link-local
     * and unspecified addresses stay refused whatever this says. The host is resolved once per
     * check and the post connects to the address checked.
     */
    Optional<List<String>> webhookPrivateNetworks();
  }
}
