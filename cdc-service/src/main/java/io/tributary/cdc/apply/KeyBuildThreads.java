package io.tributary.cdc.apply;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Builds the keys of chunked tables whose snapshot is in on threads of their own, each on a JDBC
 * connection of its own, while the apply writer goes on with the chunks of other tables: the keys
 * of several tables build at once, and a large table's key does not hold up the load of the rest. A
 * table is built by one thread at a time; its key build locks its generation, so its own batches
 * wait for it (its changes are held until it is loaded anyway).
 */
final class KeyBuildThreads {
  private static final Logger LOG = Logger.getLogger(KeyBuildThreads.class);

  private final ExecutorService threads;
  private final Set<String> building = ConcurrentHashMap.newKeySet();

  /** Whether a key was built since {@link #anyBuilt} was last asked. */
  private final AtomicBoolean built = new AtomicBoolean();

  private final ThreadLocal<TargetJdbc> connections;

  /**
   * @param count how many keys build at once
   * @param target apply's connection, whose database each thread connects to
   */
  KeyBuildThreads(int count, TargetJdbc target) {
    if (count < 1) {
      throw new IllegalArgumentException(
          "tributary.apply.key-build-threads must be at least 1, not " + count);
    }
    AtomicInteger number = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            count,
            r -> {
              Thread t = new Thread(r, "apply-key-build-" + number.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.connections = ThreadLocal.withInitial(target::another);
  }

  /**
   * Builds a table's key on one of the threads unless it is being built already.
   *
   * @param topic the table's topic
   * @param build builds it on the given connection
   * @param failed told why it failed (on the building thread)
   */
  void submit(String topic, Consumer<TargetJdbc> build, Consumer<RuntimeException> failed) {
    if (!building.add(topic)) {
      return;
    }
    threads.execute(
        () -> {
          long started = System.nanoTime();
          try {
            build.accept(connections.get());
            built.set(true);
            LOG.debugf(
                "Key of %s built in %d ms", topic, (System.nanoTime() - started) / 1_000_000);
          } catch (RuntimeException e) {
            failed.accept(e);
          } finally {
            building.remove(topic);
          }
        });
  }

  /**
   * Whether a key was built since this was last asked: the apply loop then reads the catalog at
   * once, so a table's changes flow as soon as its key is built, not at the next catalog refresh.
   */
  boolean anyBuilt() {
    return built.getAndSet(false);
  }

  /** Whether any key is being built now. */
  boolean anyBuilding() {
    return !building.isEmpty();
  }

  /** Whether a table's key is being built now. */
  boolean building(String topic) {
    return building.contains(topic);
  }

  /** Stops the threads (a build under way is interrupted; its transaction rolls back). */
  void stop() {
    threads.shutdownNow();
  }
}
