package io.tributary.validator.continuous;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tributary.common.kafka.KafkaUnavailableException;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.validator.DatabaseWait;
import io.tributary.validator.StateChangeLog;
import io.tributary.validator.ValidatedTableRepository;
import io.tributary.validator.results.ResultPublisher;
import io.tributary.validator.results.ResultRepository;
import io.tributary.validator.results.ValidationMetrics;
import io.tributary.validator.source.ValidationSources;
import io.tributary.validator.target.TargetReader;
import io.tributary.validator.target.TopicOffsetReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The runner's decisions, with its collaborators replaced by in-memory fakes: which tables it
 * validates, in which order, which it leaves as they were while apply still loads them, and what it
 * records.
 */
class ContinuousRunnerTest {
  private static final String TOPIC_A = "tributary.m.s.main.a";
  private static final String TOPIC_B = "tributary.m.s.main.b";

  private final ValidatedTable tableA = table("a", TOPIC_A);
  private final ValidatedTable tableB = table("b", TOPIC_B);

  /** What each table's next validation says, by source table. */
  private final Map<String, ValidationStatus> next = new HashMap<>();

  /** The apply lag each table's next validation reports (0 unless set). */
  private final Map<String, Long> nextLag = new HashMap<>();

  private int activeTablesRead;

  /** Source tables in the order they were validated. */
  private final List<String> validated = new ArrayList<>();

  private final List<ValidationResult> inserted = new ArrayList<>();
  private final List<ValidationResult> published = new ArrayList<>();
  private final Map<String, Map<Integer, Long>> endOffsets = new HashMap<>();
  private final Map<String, Map<Integer, Long>> appliedOffsets = new HashMap<>();
  private final List<String> kafkaAsked = new ArrayList<>();
  private boolean kafkaDown;
  private List<ValidatedTable> active;

  @BeforeEach
  void twoTables() {
    active = List.of(tableA, tableB);
    endOffsets.put(TOPIC_A, Map.of(0, 100L));
    endOffsets.put(TOPIC_B, Map.of(0, 100L));
    appliedOffsets.put(TOPIC_A, Map.of(0, 100L));
    appliedOffsets.put(TOPIC_B, Map.of(0, 100L));
  }

  private static ValidatedTable table(String name, String topic) {
    return table(name, topic, true);
  }

  private static ValidatedTable table(String name, String topic, boolean snapshotDone) {
    // no definition: the runner then takes no source fingerprint (it never skips the table)
    return new ValidatedTable(
        "m", "s", SourceKind.SQLITE, "/data/app.db", name, topic, null, null, snapshotDone);
  }

  private static ValidationResult result(ValidatedTable table, ValidationStatus status, long lag) {
    return new ValidationResult(
        null,
        null,
        table.migration(),
        table.source(),
        table.sourceTable(),
        "app",
        table.sourceTable(),
        ValidationMode.CONTINUOUS,
        status,
        10L,
        status == ValidationStatus.MATCH ? 10L : 4L,
        0L,
        0L,
        lag,
        null,
        null,
        null,
        Instant.now(),
        null,
        null);
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private ContinuousRunner runner(Duration refresh, Duration lagRecount) {
    StateChangeLog stateLog = new StateChangeLog();
    ValidatedTableRepository tables =
        new ValidatedTableRepository(null) {
          @Override
          public Uni<List<ValidatedTable>> continuousTables() {
            activeTablesRead++;
            return Uni.createFrom().item(active);
          }

          @Override
          public Uni<List<ValidatedTable>> activeTables(String migration) {
            return Uni.createFrom()
                .item(active.stream().filter(t -> t.migration().equals(migration)).toList());
          }
        };
    ResultRepository validations =
        new ResultRepository(null) {
          @Override
          public Uni<Void> insert(ValidationResult result) {
            inserted.add(result);
            return Uni.createFrom().voidItem();
          }
        };
    ContinuousTableValidator validator =
        new ContinuousTableValidator(null, null, null, null, null, null, null) {
          @Override
          public ValidationResult validate(
              ValidatedTable table,
              Map<Integer, Long> offsets,
              String kafkaProblem,
              Instant started) {
            validated.add(
                table.sourceTable()
                    + (kafkaProblem == null ? "" : " (kafka: " + kafkaProblem + ")"));
            return result(
                table,
                next.getOrDefault(table.sourceTable(), ValidationStatus.MATCH),
                nextLag.getOrDefault(table.sourceTable(), 0L));
          }
        };
    TopicOffsetReader kafka =
        new TopicOffsetReader(Map.of("bootstrap.servers", "127.0.0.1:9"), null) {
          @Override
          public Map<String, Map<Integer, Long>> endOffsets(Collection<String> topics) {
            kafkaAsked.addAll(topics);
            if (kafkaDown) {
              throw new KafkaUnavailableException("no broker answers", null);
            }
            Map<String, Map<Integer, Long>> out = new HashMap<>();
            topics.forEach(t -> out.put(t, endOffsets.get(t)));
            return out;
          }
        };
    ResultPublisher publisher =
        new ResultPublisher(null, null, stateLog) {
          @Override
          public void publish(ValidationResult result) {
            published.add(result);
          }
        };
    TargetReader target =
        new TargetReader(null, null, null) {
          @Override
          public Uni<Map<Integer, Long>> appliedOffsets(ValidatedTable table) {
            return Uni.createFrom().item(appliedOffsets.get(table.topic()));
          }
        };
    ContinuousRunner runner =
        new ContinuousRunner(
            tables,
            validations,
            validator,
            kafka,
            publisher,
            new ValidationPolicy(refresh, lagRecount),
            stateLog,
            new ValidationSources(List.of()),
            target,
            new ValidationMetrics(registry));
    runner.wait = new DatabaseWait(Duration.ofSeconds(10), Duration.ofSeconds(10));
    return runner;
  }

  private static List<ValidationStatus> statuses(List<ValidationResult> results) {
    return results.stream().map(ValidationResult::status).toList();
  }

  @Test
  @DisplayName(
      "Tables whose last result was not MATCH are validated first; results come in the given order")
  void notMatchedFirst() {
    ContinuousRunner runner = runner(Duration.ZERO, Duration.ZERO);
    next.put("b", ValidationStatus.PENDING);
    assertThat(statuses(runner.runScheduled()))
        .containsExactly(ValidationStatus.MATCH, ValidationStatus.PENDING);
    assertThat(
            registry
                .find("tributary.validation.results")
                .tags("table", "b", "mode", "continuous", "status", "PENDING")
                .counter()
                .count())
        .as("each result counted in the metrics")
        .isEqualTo(1);
    assertThat(validated).containsExactly("a", "b");

    validated.clear();
    next.put("b", ValidationStatus.MATCH);
    assertThat(statuses(runner.runScheduled()))
        .containsExactly(ValidationStatus.MATCH, ValidationStatus.MATCH);
    assertThat(validated).as("b (PENDING last) before a (MATCH last)").containsExactly("b", "a");
  }

  @Test
  @DisplayName(
      "A PENDING table is not counted again while apply lags, until lag-recount has passed or"
          + " apply caught up")
  void pendingTableDeferredWhileApplyLags() {
    ContinuousRunner runner = runner(Duration.ofHours(1), Duration.ofHours(1));
    next.put("b", ValidationStatus.PENDING);
    nextLag.put("b", 40L);
    appliedOffsets.put(TOPIC_B, Map.of(0, 60L));
    runner.runScheduled();
    assertThat(validated).containsExactly("a", "b");
    int recorded = inserted.size();

    validated.clear();
    appliedOffsets.put(TOPIC_B, Map.of(0, 60L)); // apply is still loading b
    List<ValidationResult> results = runner.runScheduled();
    assertThat(validated)
        .as("a is validated (no fingerprint), b is left as it was")
        .containsExactly("a");
    assertThat(results.get(1).status()).isEqualTo(ValidationStatus.PENDING);
    assertThat(inserted).as("nothing new to record").hasSize(recorded);

    validated.clear();
    List<ValidationResult> forced = runner.runNow("m");
    assertThat(validated).as("a request validates every table").containsExactly("b", "a");
    assertThat(statuses(forced)).containsExactly(ValidationStatus.MATCH, ValidationStatus.PENDING);

    validated.clear();
    appliedOffsets.put(TOPIC_B, Map.of(0, 100L)); // apply caught up
    next.put("b", ValidationStatus.MATCH);
    nextLag.remove("b");
    assertThat(statuses(runner.runScheduled()))
        .containsExactly(ValidationStatus.MATCH, ValidationStatus.MATCH);
    assertThat(validated).containsExactly("b", "a");
  }

  @Test
  @DisplayName("Without lag-recount a lagging PENDING table is counted on every run")
  void noLagRecount() {
    ContinuousRunner runner = runner(Duration.ofHours(1), Duration.ZERO);
    next.put("b", ValidationStatus.PENDING);
    appliedOffsets.put(TOPIC_B, Map.of(0, 60L));
    runner.runScheduled();
    validated.clear();
    runner.runScheduled();
    assertThat(validated).containsExactly("b", "a");
  }

  @Test
  @DisplayName(
      "When Kafka does not answer, tables are still validated, told why, and Kafka is asked once a"
          + " run")
  void kafkaDown() {
    ContinuousRunner runner = runner(Duration.ofHours(1), Duration.ofHours(1));
    kafkaDown = true;
    runner.runScheduled();
    assertThat(validated)
        .containsExactly("a (kafka: no broker answers)", "b (kafka: no broker answers)");
    assertThat(kafkaAsked).containsExactly(TOPIC_A);
  }

  @Test
  @DisplayName(
      "A result is recorded (control schema and topic) when it says something new, not again"
          + " within the refresh period")
  void recordsWhatIsNew() {
    ContinuousRunner runner = runner(Duration.ofHours(1), Duration.ZERO);
    runner.runScheduled();
    assertThat(inserted).hasSize(2);
    assertThat(published).hasSize(2);
    runner.runScheduled();
    assertThat(inserted).as("the same results again").hasSize(2);
    next.put("a", ValidationStatus.MISMATCH);
    runner.runScheduled();
    assertThat(statuses(inserted))
        .containsExactly(ValidationStatus.MATCH, ValidationStatus.MATCH, ValidationStatus.MISMATCH);
    assertThat(published).hasSize(3);
  }

  @Test
  @DisplayName(
      "A table PENDING because apply lagged is validated as soon as apply has caught up, between"
          + " scheduled runs")
  void caughtUpBetweenRuns() {
    ContinuousRunner runner = runner(Duration.ofHours(1), Duration.ofHours(1));
    next.put("b", ValidationStatus.PENDING);
    nextLag.put("b", 40L);
    appliedOffsets.put(TOPIC_B, Map.of(0, 60L));
    runner.runScheduled();
    validated.clear();
    assertThat(runner.runCaughtUp()).as("apply still lags").isEmpty();
    assertThat(validated).isEmpty();

    appliedOffsets.put(TOPIC_B, Map.of(0, 100L));
    next.put("b", ValidationStatus.MATCH);
    nextLag.remove("b");
    assertThat(statuses(runner.runCaughtUp())).containsExactly(ValidationStatus.MATCH);
    assertThat(validated).containsExactly("b");
    assertThat(inserted.get(inserted.size() - 1).status()).isEqualTo(ValidationStatus.MATCH);

    validated.clear();
    int reads = activeTablesRead;
    assertThat(runner.runCaughtUp()).isEmpty();
    assertThat(validated).isEmpty();
    assertThat(activeTablesRead).as("nothing lagged: nothing read").isEqualTo(reads);
  }

  @Test
  @DisplayName(
      "A table PENDING because its source is written all the time is validated again only after"
          + " lag-recount, not on every run")
  void busySourceValidatedEveryLagRecount() {
    ContinuousRunner runner = runner(Duration.ofHours(1), Duration.ofHours(1));
    next.put("b", ValidationStatus.PENDING); // its source was written just before, apply keeps up
    runner.runScheduled();
    validated.clear();
    List<ValidationResult> results = runner.runScheduled();
    assertThat(validated)
        .as("a is validated (no fingerprint), b is left as it was")
        .containsExactly("a");
    assertThat(results.get(1).status()).isEqualTo(ValidationStatus.PENDING);

    ContinuousRunner everyRun = runner(Duration.ofHours(1), Duration.ZERO);
    everyRun.runScheduled();
    validated.clear();
    everyRun.runScheduled();
    assertThat(validated).as("lag-recount 0s: every run").containsExactly("b", "a");
  }

  @Test
  @DisplayName("A table PENDING for another reason than apply's lag is left to the schedule")
  void pendingWithoutLagLeftToSchedule() {
    ContinuousRunner runner = runner(Duration.ofHours(1), Duration.ofHours(1));
    next.put("b", ValidationStatus.PENDING); // e.g. its source was written just before
    runner.runScheduled();
    validated.clear();
    int reads = activeTablesRead;
    assertThat(runner.runCaughtUp()).isEmpty();
    assertThat(validated).isEmpty();
    assertThat(activeTablesRead).isEqualTo(reads);
  }

  @Test
  @DisplayName(
      "A table PENDING while its snapshot was captured is validated between runs once the snapshot"
          + " is captured and apply has caught up, not before")
  void caughtUpAfterSnapshot() {
    ContinuousRunner runner = runner(Duration.ofHours(1), Duration.ofHours(1));
    active = List.of(tableA, table("b", TOPIC_B, false));
    next.put("b", ValidationStatus.PENDING); // apply keeps up, the snapshot goes on: lag 0
    runner.runScheduled();
    validated.clear();
    assertThat(runner.runCaughtUp()).as("snapshot not captured yet").isEmpty();
    assertThat(validated).isEmpty();

    active = List.of(tableA, tableB); // capture finished b's snapshot
    appliedOffsets.put(TOPIC_B, Map.of(0, 90L));
    assertThat(runner.runCaughtUp()).as("apply still lags").isEmpty();
    appliedOffsets.put(TOPIC_B, Map.of(0, 100L));
    next.put("b", ValidationStatus.MATCH);
    assertThat(statuses(runner.runCaughtUp())).containsExactly(ValidationStatus.MATCH);
    assertThat(validated).containsExactly("b");
  }

  @Test
  @DisplayName(
      "A table still PENDING after the caught-up path validated it is left to the schedule, so a"
          + " table written all the time is not counted every second")
  void caughtUpOnceUntilTheScheduleRuns() {
    ContinuousRunner runner = runner(Duration.ofHours(1), Duration.ofHours(1));
    next.put("b", ValidationStatus.PENDING);
    nextLag.put("b", 40L);
    appliedOffsets.put(TOPIC_B, Map.of(0, 60L));
    runner.runScheduled();
    appliedOffsets.put(TOPIC_B, Map.of(0, 100L)); // caught up for a moment; new changes follow
    validated.clear();
    assertThat(statuses(runner.runCaughtUp())).containsExactly(ValidationStatus.PENDING);
    assertThat(runner.runCaughtUp()).isEmpty();
    assertThat(runner.runCaughtUp()).isEmpty();
    assertThat(validated).containsExactly("b");

    validated.clear();
    appliedOffsets.put(TOPIC_B, Map.of(0, 60L));
    runner.runScheduled(); // deferred: apply lags and lag-recount has not passed
    assertThat(validated).containsExactly("a");
    assertThat(runner.runCaughtUp()).as("still left to the schedule").isEmpty();
  }

  @Test
  @DisplayName(
      "A table whose snapshot is still captured (its chunks on the snapshot topic, none on its own)"
          + " is counted again only after lag-recount, not on every run; once its snapshot is"
          + " done it is validated at once")
  void loadingTableCountedEveryLagRecount() {
    ContinuousRunner runner = runner(Duration.ofHours(1), Duration.ofHours(1));
    active = List.of(tableA, table("b", TOPIC_B, false));
    next.put("b", ValidationStatus.PENDING); // snapshot not done; its topic shows no lag
    runner.runScheduled();
    validated.clear();
    runner.runScheduled();
    assertThat(validated).as("b is left as it was while it loads").containsExactly("a");

    ContinuousRunner everyRun = runner(Duration.ofHours(1), Duration.ZERO);
    everyRun.runScheduled();
    validated.clear();
    everyRun.runScheduled();
    assertThat(validated).as("lag-recount 0s: every run").containsExactly("b", "a");

    validated.clear();
    active = List.of(tableA, tableB); // capture finished b's snapshot, apply caught up
    next.put("b", ValidationStatus.MATCH);
    runner.runScheduled();
    assertThat(validated).containsExactly("b", "a");
  }
}
