package io.tributary.orchestrator.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.testing.TributaryTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A migration's history in the control schema: stored as sampled, bounded by thinning. */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
class ProgressHistoryIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final OffsetDateTime START =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  @Inject ProgressHistoryRepository history;
  @Inject Pool pool;

  private String migration() {
    String id = "hist-" + UUID.randomUUID().toString().substring(0, 8);
    pool.preparedQuery(
            "INSERT INTO tributary.migrations (id, plan_text, plan, state) VALUES ($1, '', '{}',"
                + " 'REPLICATING')")
        .execute(Tuple.of(id))
        .await()
        .atMost(WAIT);
    return id;
  }

  private static ProgressSample sample(int minute) {
    return new ProgressSample(
        START.plusMinutes(minute),
        "REPLICATING",
        List.of(
            new ProgressSample.TableSample("app.notes", (long) minute * 100, null, 3L, 1, "MATCH")),
        List.of(new ProgressSample.SourceSample("app", minute == 0 ? null : 2048L)));
  }

  @Test
  @DisplayName("Samples come back as stored, oldest first")
  void storedAsSampled() {
    String id = migration();
    for (int minute = 0; minute < 3; minute++) {
      history.add(id, sample(minute), 100).await().atMost(WAIT);
    }
    assertThat(history.read(id).await().atMost(WAIT))
        .containsExactly(sample(0), sample(1), sample(2));
  }

  @Test
  @DisplayName(
      "Past its bound, a history keeps its newest half whole and thins the older to one in two,"
          + " so the first samples stay")
  void boundedByThinning() {
    String id = migration();
    for (int minute = 0; minute < 21; minute++) {
      history.add(id, sample(minute), 10).await().atMost(WAIT);
    }
    List<Integer> kept = new ArrayList<>();
    for (ProgressSample s : history.read(id).await().atMost(WAIT)) {
      kept.add((int) Duration.between(START, s.at()).toMinutes());
    }
    assertThat(kept).hasSizeLessThanOrEqualTo(11).contains(16, 17, 18, 19, 20).contains(0);
    assertThat(kept).isSorted();
  }
}
