package io.tributary.source.postgres.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.postgres.capture.snapshot.ParallelSnapshotStep;
import io.tributary.source.postgres.capture.snapshot.PostgresSnapshotRunner;
import io.tributary.source.postgres.capture.snapshot.SnapshotConnections;
import io.tributary.source.postgres.capture.snapshot.SnapshotSettings;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.CaptureLag;
import io.tributary.source.spi.capture.CaptureListener;
import io.tributary.source.spi.capture.CaptureRecords;
import io.tributary.source.spi.capture.CaptureSettings;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SnapshotStep;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import io.tributary.source.spi.capture.StoredOffsets;
import io.tributary.source.spi.capture.StraySlot;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture of PostgreSQL databases: a publication of the migrated tables and replica identities
 * where needed ({@link PostgresCaptureInstaller}); the snapshot read in parallel in the exported
 * snapshot of the replication slot Tributary creates ({@link ParallelSnapshotStep}), then the
 * changes streamed from that slot by Debezium's connector ({@code pgoutput}); fences are logical
 * decoding messages. Rejects are not replayed yet.
 */
public class PostgresSourceCapture implements SourceCapture {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceCapture.class);

  private final CaptureSettings config;
  private final CaptureRecords repository;
  private final ToIntFunction<String> partitionsFor;
  private final StoredOffsets offsets;
  private final ToLongFunction<String> targetTypeOid;

  /**
   * The session timeout of the Kafka consumer that reads the engines' stored offsets (Kafka's
   * default): Debezium hands its heartbeat setting, {@code heartbeat.interval.ms}, to that consumer
   * too, which refuses a heartbeat as long as its session.
   */
  static final Duration OFFSET_CONSUMER_SESSION = Duration.ofSeconds(45);

  public PostgresSourceCapture(CaptureContext context) {
    CaptureSettings config = context.settings();
    if (config.heartbeatInterval().compareTo(OFFSET_CONSUMER_SESSION) >= 0) {
      throw new IllegalArgumentException(
          "tributary.capture.heartbeat-interval ("
              + config.heartbeatInterval()
              + ") must be shorter than "
              + OFFSET_CONSUMER_SESSION.toSeconds()
              + "s: Debezium passes it to the Kafka consumer of its stored offsets as that"
              + " consumer's heartbeat, which must be shorter than its session timeout");
    }
    this.config = config;
    this.repository = context.records();
    this.partitionsFor = context.partitionsFor();
    this.offsets = context.storedOffsets();
    this.targetTypeOid = context.targetTypeOid();
  }

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRES;
  }

  @Override
  public EngineSetup prepare(CapturedSource source, CaptureListener listener) throws SQLException {
    List<TableDef> tables = source.tableDefs();
    PostgresUrl url = PostgresUrl.parse(source.location());
    PostgresCaptureNames names = PostgresCaptureNames.of(source.migration(), source.source());
    PostgresCaptureInstaller installer = new PostgresCaptureInstaller(url, names);
    Map<String, String> changed = installer.install(tables);
    repository.recordReplicaIdentities(source.migration(), source.source(), changed);
    List<JsonNode> stored = offsets.of(source.migration(), source.source());
    if (!PendingSnapshot.at(stored)) {
      String refusal =
          PostgresResumeCheck.refusal(names.slot(), stored, installer.confirmedFlush());
      if (refusal != null) {
        throw new SQLException(refusal);
      }
    }
    Properties connector =
        PostgresEngineProperties.of(
            url,
            names,
            tables,
            config.snapshotFetchSize(),
            config.heartbeatInterval().toMillis(),
            config.postgresPollInterval().toMillis(),
            config.postgresBatchSize());
    PostgresRecordTranslator translator =
        new PostgresRecordTranslator(
            source.migration(),
            source.source(),
            tables,
            repository.snapshotGeneration(source.migration(), source.source()),
            listener::fencePublished,
            partitionsFor);
    // the snapshot step runs before Debezium streams, but for a fallback's capture (the target
    // holds every row, the slot was made then) and once offsets were stored after a complete
    // snapshot (Debezium resumes from them): it reads the snapshot, resumes it, or finds it sent
    // whole, and stores the offset Debezium starts from
    SnapshotStep snapshot =
        !source.streamOnly() && PendingSnapshot.at(stored)
            ? new ParallelSnapshotStep(
                source.migration(),
                source.source(),
                tables,
                repository,
                listener::nextGeneration,
                partitionsFor,
                new InstalledSlot(installer),
                sink ->
                    new PostgresSnapshotRunner(
                        new SnapshotConnections(url),
                        new SnapshotSettings(
                            config.postgresSnapshotReaders(),
                            config.postgresSnapshotRangeBlocks(),
                            config.snapshotChunkBytes(),
                            config.snapshotMaxRowBytes()),
                        targetTypeOid,
                        sink),
                translator::snapshotTaken)
            : SnapshotStep.NONE;
    return new EngineSetup(connector, translator, new PostgresResumeSafety(), snapshot);
  }

  /** The capture's slot as the snapshot step handles it, through the installer. */
  private record InstalledSlot(PostgresCaptureInstaller installer)
      implements ParallelSnapshotStep.Slot {
    @Override
    public String name() {
      return installer.names().slot();
    }

    @Override
    public boolean exists() throws SQLException {
      return installer.slotLag().isPresent();
    }

    @Override
    public OptionalLong confirmedFlush() throws SQLException {
      return installer.confirmedFlush();
    }

    @Override
    public void drop() throws SQLException {
      if (installer.dropSlotBeforeSnapshot()) {
        LOG.info(
            "Replication slot {} dropped: the snapshot is read afresh in the snapshot the slot"
                + " created anew exports, so that the snapshot and the stream meet exactly",
            name());
      }
    }
  }

  @Override
  public void install(CapturedSource source) throws SQLException {
    PostgresCaptureNames names = PostgresCaptureNames.of(source.migration(), source.source());
    PostgresCaptureInstaller installer =
        new PostgresCaptureInstaller(PostgresUrl.parse(source.location()), names);
    Map<String, String> changed = installer.install(source.tableDefs());
    repository.recordReplicaIdentities(source.migration(), source.source(), changed);
    installer.createSlot();
  }

  @Override
  public boolean isInstalled(SourceState source) throws SQLException {
    return installer(source.location(), source.migration(), source.source()).isInstalled();
  }

  /** Drops the slot and publication and restores the replica identities Tributary changed. */
  @Override
  public Uninstalled uninstall(SourceState source) throws SQLException {
    List<TableDef> restore =
        repository.changedReplicaIdentities(source.migration(), source.source());
    List<String> done =
        installer(source.location(), source.migration(), source.source()).uninstall(restore);
    repository.clearReplicaIdentities(source.migration(), source.source());
    return new Uninstalled(
        new PostgresUninstallReport(source.id(), source.displayLocation(), done),
        String.join("; ", done));
  }

  @Override
  public String writeFence(CapturedSource source, String payload) throws SQLException {
    return "LSN "
        + installer(source.location(), source.migration(), source.source()).emitFence(payload);
  }

  @Override
  public String waitingPlace(CapturedSource source) {
    return "replication slot "
        + PostgresCaptureNames.of(source.migration(), source.source()).slot()
        + " of "
        + source.displayLocation();
  }

  /** The WAL its replication slot holds. */
  @Override
  public Optional<CaptureLag> lag(CapturedSource source) throws SQLException {
    return installer(source.location(), source.migration(), source.source())
        .slotLag()
        .map(l -> new CaptureLag(l.active(), l.retainedBytes(), l.lagBytes()));
  }

  @Override
  public List<StraySlot> straySlots(CapturedSource source, Collection<CapturedSource> active)
      throws SQLException {
    Set<String> used = new HashSet<>();
    for (CapturedSource other : active) {
      used.add(PostgresCaptureNames.of(other.migration(), other.source()).slot());
    }
    return installer(source.location(), source.migration(), source.source())
        .tributarySlots()
        .stream()
        .filter(slot -> !used.contains(slot.slot()))
        .toList();
  }

  private static PostgresCaptureInstaller installer(
      String location, String migration, String source) {
    return new PostgresCaptureInstaller(
        PostgresUrl.parse(location), PostgresCaptureNames.of(migration, source));
  }
}
