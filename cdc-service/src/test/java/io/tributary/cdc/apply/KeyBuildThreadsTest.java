package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Key builds on threads of their own: at once for two tables, once at a time for one. */
class KeyBuildThreadsTest {
  private final TargetJdbc target =
      new TargetJdbc("postgresql://127.0.0.1:1/unused", Optional.empty(), Optional.empty());
  private final KeyBuildThreads threads = new KeyBuildThreads(2, target);

  @AfterEach
  void stop() {
    threads.stop();
  }

  @Test
  void twoTablesBuildAtOnceEachOnAConnectionOfItsOwn() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    Set<TargetJdbc> connections = ConcurrentHashMap.newKeySet();
    List<String> built = new CopyOnWriteArrayList<>();
    for (String topic : List.of("a", "b")) {
      threads.submit(
          topic,
          on -> {
            connections.add(on);
            both.countDown();
            try {
              // neither returns before the other started: they run at once
              assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            built.add(topic);
          },
          e -> {});
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> built.size() == 2);
    assertThat(built).containsExactlyInAnyOrder("a", "b");
    assertThat(connections).hasSize(2).doesNotContain(target);
  }

  @Test
  void aTableBeingBuiltIsNotBuiltTwiceAndAFailureIsReported() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> runs = new CopyOnWriteArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    threads.submit(
        "a",
        on -> {
          runs.add("first");
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          throw new IllegalStateException("duplicate key");
        },
        e -> failures.add(e.getMessage()));
    await().atMost(Duration.ofSeconds(10)).until(() -> threads.building("a"));
    threads.submit("a", on -> runs.add("second"), e -> {});
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> !threads.building("a"));
    assertThat(runs).containsExactly("first");
    assertThat(failures).containsExactly("duplicate key");

    // once done, the table may be built again (the next catalog refresh)
    threads.submit("a", on -> runs.add("again"), e -> {});
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 2);
    assertThat(runs).containsExactly("first", "again");
  }
}
