package io.tributary.cdc.engine;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * The lifecycle of one embedded Debezium engine on a thread of its own, the same for the forward
 * capture of a source and the reverse capture of a fallback window: started once with its
 * properties and the consumer of its batches; {@link #finished} once it stopped, by request or by
 * failure ({@link #failure}); {@link #working} once it has run long enough to count as working
 * again; {@link #stop} closes it and waits for its thread. A {@link Prelude} (a snapshot the
 * capture reads itself) may run on the engine's thread before the engine starts, and stops with it.
 * What to do with a finished engine (record why, restart after a {@link RestartBackoff}) is its
 * supervisor's call.
 */
public final class EmbeddedEngine {
  private static final Logger LOG = Logger.getLogger(EmbeddedEngine.class);

  private final String name;
  private final ExecutorService executor;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean finished;
  private volatile Instant startedAt;
  private final Object lifecycle = new Object();
  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private Prelude prelude;
  private boolean stopping;

  /** Work done on the engine's thread before the engine starts. */
  public interface Prelude {
    /** Nothing before the engine. */
    Prelude NONE =
        new Prelude() {
          @Override
          public boolean run() {
            return true;
          }

          @Override
          public void stop() {}
        };

    /**
     * Does the work.
     *
     * @return true when the engine may start, false when {@link #stop} ended the work first
     * @throws Exception when the work failed: the engine does not start, and counts as failed
     */
    boolean run() throws Exception;

    /** Ends the work early (from another thread). */
    void stop();
  }

  /**
   * @param thread the name of the engine's thread
   * @param name what the engine does, as the log names it (e.g. {@code "Capture of m/s"})
   */
  public EmbeddedEngine(String thread, String name) {
    this.name = name;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, thread);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the engine on its thread, each batch of records handed to {@code consumer}. */
  public void start(
      Properties properties,
      DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> consumer) {
    start(Prelude.NONE, properties, consumer);
  }

  /**
   * Runs {@code prelude} on the engine's thread, then, if it completed, starts the engine there,
   * each batch of records handed to {@code consumer}.
   */
  public void start(
      Prelude prelude,
      Properties properties,
      DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> consumer) {
    startedAt = Instant.now();
    synchronized (lifecycle) {
      this.prelude = prelude;
    }
    executor.execute(
        () -> {
          try {
            if (!prelude.run()) {
              LOG.infof("%s stopped before its engine started", name);
              finished = true;
              return;
            }
          } catch (Exception | Error e) {
            failure.set(e);
            LOG.errorf(e, "%s stopped: %s", name, e.getMessage());
            finished = true;
            return;
          }
          DebeziumEngine<RecordChangeEvent<SourceRecord>> built = build(properties, consumer);
          synchronized (lifecycle) {
            if (stopping) {
              finished = true;
              return;
            }
            engine = built;
          }
          built.run();
        });
  }

  private DebeziumEngine<RecordChangeEvent<SourceRecord>> build(
      Properties properties,
      DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> consumer) {
    return DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
        .using(properties)
        .using(EmbeddedEngine.class.getClassLoader())
        .notifying(consumer)
        .using(
            (success, message, error) -> {
              if (!success) {
                failure.set(error != null ? error : new IllegalStateException(message));
                LOG.errorf(error, "%s stopped: %s", name, message);
              } else {
                LOG.infof("%s stopped", name);
              }
              finished = true;
            })
        .build();
  }

  /** True once the engine stopped, by request or by failure. */
  public boolean finished() {
    return finished;
  }

  /** Why the engine stopped by itself, or null. */
  public Throwable failure() {
    return failure.get();
  }

  /** Whether the engine has run for {@code quiet} without stopping: it works (again). */
  public boolean working(Duration quiet) {
    return !finished && startedAt != null && startedAt.plus(quiet).isBefore(Instant.now());
  }

  /** Stops the engine and waits for its thread (up to 30 s, then interrupts it). */
  public void stop() {
    DebeziumEngine<RecordChangeEvent<SourceRecord>> running;
    Prelude before;
    synchronized (lifecycle) {
      stopping = true;
      running = engine;
      before = prelude;
    }
    if (before != null) {
      before.stop();
    }
    try {
      // An engine that stopped by itself (a failure) refuses to be closed again: nothing to do
      if (running != null && !finished) {
        running.close();
      }
    } catch (IOException | IllegalStateException e) {
      LOG.warnf("%s did not stop cleanly: %s", name, e.getMessage());
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
