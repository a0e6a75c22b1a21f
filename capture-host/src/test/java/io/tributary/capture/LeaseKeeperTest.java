package io.tributary.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.capture.LeaseRecords.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {
  private final FakeCaptureControl control = new FakeCaptureControl();
  private final List<String> events = new ArrayList<>();
  private final LeaseKeeper keeper =
      new LeaseKeeper(
          control,
          "me",
          Duration.ofSeconds(15),
          Duration.ofSeconds(5),
          new LeaseKeeper.Events() {
            @Override
            public void lost(String id) {
              events.add("lost " + id);
            }

            @Override
            public void renewFailed(List<String> ids, RuntimeException e) {
              events.add("renew failed " + ids);
            }

            @Override
            public void releaseFailed(String id, RuntimeException e) {
              events.add("release failed " + id);
            }
          });

  @Test
  @DisplayName("A free lease is taken and held; one held by another runner is not")
  void acquire() {
    assertThat(keeper.acquire("m", "a")).contains(new Lease("me", 15_000));
    assertThat(keeper.holds("m/a")).isTrue();

    control.leases.put("m/b", new Lease("other", 99));
    assertThat(keeper.acquire("m", "b")).contains(new Lease("other", 99));
    assertThat(keeper.holds("m/b")).isFalse();
  }

  @Test
  @DisplayName("A lease taken by another runner is forgotten at the next renewal, and said")
  void lost() {
    keeper.acquire("m", "a");
    control.leases.put("m/a", new Lease("other", 1));

    keeper.renew();

    assertThat(keeper.holds("m/a")).isFalse();
    assertThat(events).containsExactly("lost m/a");
  }

  @Test
  @DisplayName("A failed renewal keeps the leases until their deadlines")
  void renewFails() {
    keeper.acquire("m", "a");
    control.failure = new IllegalStateException("down");

    keeper.renew();

    assertThat(keeper.holds("m/a")).isTrue();
    assertThat(events).containsExactly("renew failed [m/a]");
  }

  @Test
  @DisplayName("A lease is given up one renew interval before its deadline")
  void expiring() {
    long until = 20_000_000_000L;
    assertThat(keeper.expiring(until, until - Duration.ofSeconds(6).toNanos())).isFalse();
    assertThat(keeper.expiring(until, until - Duration.ofSeconds(4).toNanos())).isTrue();
  }

  @Test
  @DisplayName("Releasing gives a held lease up; a lease not held is not touched")
  void release() {
    keeper.acquire("m", "a");
    control.leases.put("m/b", new Lease("other", 1));

    keeper.release("m", "a");
    keeper.release("m", "b");

    assertThat(control.leases).containsOnlyKeys("m/b");
    assertThat(keeper.holdsAny()).isFalse();
  }

  @Test
  @DisplayName("A failed release is said, and the lease is forgotten (it expires)")
  void releaseFails() {
    keeper.acquire("m", "a");
    control.failure = new IllegalStateException("down");

    keeper.release("m", "a");

    assertThat(keeper.holds("m/a")).isFalse();
    assertThat(events).containsExactly("release failed m/a");
  }
}
