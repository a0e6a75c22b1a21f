package io.tributary.source.spi.capture;

import io.tributary.common.plan.SourceKind;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Change capture of one {@link SourceKind}: what cdc-service installs into a source of that kind,
 * how its capture engine is configured, how a fence is written into its change stream, how its
 * rejects are replayed, and how it is removed. One per kind, offered by the kind's module ({@code
 * SourceKindModule#capture}) and chosen by cdc-service's registry by {@link #kind}; the capture
 * engines, the fence writer and the REST commands never name a kind.
 */
public interface SourceCapture {

  /** The kind of source it captures. */
  SourceKind kind();

  /**
   * Installs what capture needs in the source (idempotent) and configures its engine: called before
   * every start of the source's capture.
   *
   * @param listener records the capture's progress (snapshot completions, fences, generations)
   * @throws SQLException when the source cannot be prepared now (the start is retried later)
   */
  EngineSetup prepare(CapturedSource source, CaptureListener listener) throws SQLException;

  /**
   * Installs what capture needs in the source now (idempotent), without starting an engine: a
   * fallback does it while the source is still frozen, so the applications' first writes after the
   * switch back are captured.
   *
   * @throws SQLException when the source cannot be changed now
   */
  void install(CapturedSource source) throws SQLException;

  /**
   * The engine of one capture: its connector's properties (class and settings), what turns its
   * records into Kafka records, which of them may have their source offsets stored, and the
   * snapshot the kind reads itself before the engine starts ({@link SnapshotStep#NONE}: none, the
   * connector reads it).
   */
  record EngineSetup(
      Properties connector,
      RecordTranslator translator,
      AcknowledgeableOffsets acknowledgeable,
      SnapshotStep snapshot) {
    /** A connector that resumes exactly from any offset it produced. */
    public EngineSetup(Properties connector, RecordTranslator translator) {
      this(connector, translator, AcknowledgeableOffsets.ALL, SnapshotStep.NONE);
    }
  }

  /**
   * Whether the source still carries change capture installed for it (after its migration ended).
   */
  boolean isInstalled(SourceState source) throws SQLException;

  /**
   * Removes the change capture installed for the source. The caller checks that its migration is no
   * longer active and that no engine captures it.
   *
   * @throws SQLException when the source cannot be changed now
   */
  Uninstalled uninstall(SourceState source) throws SQLException;

  /**
   * What an uninstall removed.
   *
   * @param report the REST answer
   * @param message one line for the log
   */
  record Uninstalled(Object report, String message) {}

  /**
   * Writes a fence into the source's change stream, read back by its running capture.
   *
   * @param payload the fence's {@link FenceMarkers#payload payload}
   * @return where it was written, for the log and the control schema ({@code LSN 0/1A2B}, ...)
   */
  String writeFence(CapturedSource source, String payload) throws SQLException;

  /** Whether {@link #replay} puts rejected rows back into the source's change stream. */
  default boolean replaysRejects() {
    return false;
  }

  /**
   * Puts the rows of open rejects back into the source's change stream, so capture reads each as it
   * is now and apply writes it again.
   *
   * @param rejects the open rejects of one replay request
   * @return which rejects were replayed and how many were skipped
   */
  default Replayed replay(CapturedSource source, long request, List<OpenReject> rejects)
      throws SQLException {
    throw new UnsupportedOperationException(
        "replaying rejects of " + kind().planName() + " sources is not supported yet");
  }

  /**
   * The outcome of a replay.
   *
   * @param replayed ids of the rejects replayed
   * @param skipped rejects that could not be replayed
   */
  record Replayed(List<Long> replayed, long skipped) {}

  /** Where the changes of a stopped capture wait, for logs. */
  String waitingPlace(CapturedSource source);

  /**
   * How much of the source's change stream its running capture holds back; empty if it cannot tell.
   */
  default Optional<CaptureLag> lag(CapturedSource source) throws SQLException {
    return Optional.empty();
  }

  /**
   * Slots named as Tributary names them in the source's database that none of {@code active} (the
   * sources of every active migration) uses (PostgreSQL; other kinds have none).
   */
  default List<StraySlot> straySlots(CapturedSource source, Collection<CapturedSource> active)
      throws SQLException {
    return List.of();
  }

  /** Added to the error when the source could not be changed now: what the operator may try. */
  default String busyHint() {
    return "";
  }
}
