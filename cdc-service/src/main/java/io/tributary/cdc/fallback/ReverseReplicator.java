package io.tributary.cdc.fallback;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.tributary.cdc.engine.EmbeddedEngine;
import io.tributary.cdc.engine.EngineBacked;
import io.tributary.cdc.fallback.FallbackWindowRepository.OpenWindow;
import io.tributary.cdc.fallback.FallbackWindowRepository.WindowSource;
import io.tributary.cdc.fallback.ReverseRecordDecoder.Change;
import io.tributary.cdc.fallback.ReverseRecordDecoder.Decoded;
import io.tributary.cdc.fallback.ReverseRecordDecoder.Fence;
import io.tributary.cdc.fallback.ReverseRecordDecoder.Skip;
import io.tributary.cdc.fallback.ReverseRecordDecoder.Unreadable;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.fault.FaultPoints;
import io.tributary.source.spi.writeback.ReverseChange;
import io.tributary.source.spi.writeback.WriteBack;
import io.tributary.source.spi.writeback.WriteBackKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * The fallback window of one migration: a Debezium PostgreSQL engine on the target reading the
 * window's slot (no snapshot: the slot was made before the switch), each batch written back into
 * the sources ({@link WriteBack}, one per source) and recorded in the control schema before
 * Debezium may confirm it to the slot. Writing a batch again after a restart leaves the same rows
 * (upserts and deletes by key, in order), so at-least-once delivery writes each change back exactly
 * once in effect.
 */
final class ReverseReplicator implements EngineBacked {
  private static final Logger LOG = Logger.getLogger(ReverseReplicator.class);

  private final OpenWindow window;
  private final List<WindowSource> sources;
  private final WriteBacks writeBacks;
  private final FallbackWindowRepository repository;
  private final EmbeddedEngine engine;
  private final Map<String, WriteBack> open = new LinkedHashMap<>();
  private final ReverseRecordDecoder decoder;

  ReverseReplicator(
      OpenWindow window,
      List<WindowSource> sources,
      WriteBacks writeBacks,
      FallbackWindowRepository repository) {
    this.window = window;
    this.sources = sources;
    this.writeBacks = writeBacks;
    this.repository = repository;
    Map<String, List<TableDef>> tables = new LinkedHashMap<>();
    sources.forEach(s -> tables.put(s.name(), s.tables()));
    this.decoder =
        new ReverseRecordDecoder(
            window.migration(), ReverseRecordDecoder.position(window.switchLsn()), tables);
    this.engine =
        new EmbeddedEngine(
            "fallback-" + window.migration(),
            "Write-back of migration '" + window.migration() + "'");
  }

  OpenWindow window() {
    return window;
  }

  void start(Properties connector) {
    engine.start(connector, this::handleBatch);
    LOG.infof(
        "Write-back of migration '%s' started: slot %s, changes after %s go back into %d sources",
        window.migration(), window.slot(), window.switchLsn(), sources.size());
  }

  /**
   * Writes a batch back: the changes grouped by source in their order (each source in one
   * transaction), then the batch recorded, then every record marked processed.
   */
  private void handleBatch(
      List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    Map<String, List<ReverseChange>> bySource = new LinkedHashMap<>();
    Map<String, List<WriteBack.WrittenRow>> written = new LinkedHashMap<>();
    Map<String, List<WriteBack.ReverseReject>> rejects = new LinkedHashMap<>();
    String lastLsn = null;
    Long fence = null;
    boolean marked = false;
    long changes = 0;
    for (RecordChangeEvent<SourceRecord> event : records) {
      Decoded decoded = decoder.decode(event.record());
      if (decoded instanceof Change c) {
        bySource.computeIfAbsent(c.source(), s -> new ArrayList<>()).add(c.change());
        lastLsn = c.change().lsn();
        changes++;
      } else if (decoded instanceof Fence f) {
        if (f.id() != null) {
          fence = fence == null ? f.id() : Math.max(fence, f.id());
        }
        marked = true;
        lastLsn = f.lsn() != null ? f.lsn() : lastLsn;
      } else if (decoded instanceof Unreadable u) {
        rejects
            .computeIfAbsent(u.source(), s -> new ArrayList<>())
            .add(
                new WriteBack.ReverseReject(
                    u.table().sourceTable(), "{}", u.op(), null, u.reason(), u.lsn()));
        lastLsn = u.lsn();
        changes++;
      } else if (decoded instanceof Skip s && s.lsn() != null) {
        lastLsn = s.lsn();
      }
    }
    for (Map.Entry<String, List<ReverseChange>> e : bySource.entrySet()) {
      WriteBack.WriteBackResult result = write(e.getKey(), e.getValue());
      written.put(e.getKey(), result.written());
      if (!result.rejects().isEmpty()) {
        rejects.computeIfAbsent(e.getKey(), s -> new ArrayList<>()).addAll(result.rejects());
      }
    }
    FaultPoints.reach("fallback.before-record");
    if (changes > 0 || marked) {
      repository.recordBatch(window.migration(), lastLsn, changes, fence, written, rejects);
    }
    for (RecordChangeEvent<SourceRecord> event : records) {
      committer.markProcessed(event);
    }
    committer.markBatchFinished();
  }

  private WriteBack.WriteBackResult write(String source, List<ReverseChange> changes) {
    WindowSource ws =
        sources.stream()
            .filter(s -> s.name().equals(source))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no source " + source));
    Optional<WriteBackKind> kind =
        ws.kind() == null ? Optional.empty() : writeBacks.find(ws.kind());
    if (kind.isEmpty()) {
      List<WriteBack.ReverseReject> all = new ArrayList<>();
      for (ReverseChange c : changes) {
        all.add(
            new WriteBack.ReverseReject(
                c.table().sourceTable(),
                "{}",
                c.op().code(),
                null,
                "writing back into "
                    + (ws.kind() == null ? "this kind of" : ws.kind().planName())
                    + " sources is not supported: the change stays on the target only",
                c.lsn()));
      }
      return new WriteBack.WriteBackResult(List.of(), all);
    }
    try {
      WriteBack writer = open.get(source);
      if (writer == null) {
        writer =
            kind.get()
                .open(
                    new WriteBackKind.WriteBackSource(
                        window.migration(), source, ws.location(), ws.targetSchema(), ws.tables()));
        open.put(source, writer);
      }
      return writer.write(changes);
    } catch (SQLException e) {
      WriteBack broken = open.remove(source);
      if (broken != null) {
        broken.close();
      }
      throw new WriteBackFailedException(
          "writing back into source '" + source + "' failed: " + e.getMessage(), e);
    }
  }

  @Override
  public EmbeddedEngine engine() {
    return engine;
  }

  /** Stops the engine, waits for its thread and closes the writers. */
  void stop() {
    engine.stop();
    open.values().forEach(WriteBack::close);
    open.clear();
  }

  /** A batch could not be written back; the engine stops and starts again from the slot. */
  static final class WriteBackFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WriteBackFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
