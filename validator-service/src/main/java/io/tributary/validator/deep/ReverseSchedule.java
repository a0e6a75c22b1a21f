package io.tributary.validator.deep;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.common.concurrent.Poller;
import io.tributary.common.control.MigrationState;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.controlgate.ControlSchemaGate;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.validator.DatabaseWait;
import io.tributary.validator.StateChangeLog;
import io.tributary.validator.ValidatedTableRepository;
import io.tributary.validator.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Validation in reverse on a schedule: every {@code tributary.validator.reverse.interval}, a {@link
 * ReverseRound} for each migration that is CUT_OVER with its fallback window open, its results
 * recorded and published like any other ({@code mode: reverse}). On a thread of its own, next to
 * the requests'.
 */
@ApplicationScoped
class ReverseSchedule {
  private static final Logger LOG = Logger.getLogger(ReverseSchedule.class);

  private final ValidatedTableRepository tables;
  private final ReverseRound round;
  private final OutcomeRecorder recorder;
  private final ControlSchemaGate controlSchema;
  private final StateChangeLog stateLog;
  private final ValidatorConfig config;
  private volatile boolean stopping;
  private Poller poller;

  private final DatabaseWait wait;

  ReverseSchedule(
      ValidatedTableRepository tables,
      ReverseRound round,
      OutcomeRecorder recorder,
      ControlSchemaGate controlSchema,
      StateChangeLog stateLog,
      ValidatorConfig config,
      DatabaseWait wait) {
    this.wait = wait;
    this.tables = tables;
    this.round = round;
    this.recorder = recorder;
    this.controlSchema = controlSchema;
    this.stateLog = stateLog;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.reverse().interval().toMillis() <= 0 || !config.enabled()) {
      LOG.info("Scheduled validation in reverse is off (tributary.validator.reverse.interval)");
      return;
    }
    poller =
        Poller.start(
            "validation-reverse",
            config.reverse().interval(),
            config.reverse().interval(),
            () -> {
              run();
              if (stateLog.clear("validation-reverse")) {
                LOG.info("Validation in reverse works again");
              }
            },
            e -> {
              if (stateLog.changed("validation-reverse", String.valueOf(e.getMessage()))) {
                LOG.warnf("Validation in reverse failed: %s", e.getMessage());
              }
            });
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
    if (poller != null) {
      poller.stop();
    }
  }

  /** One round for every migration whose window is open (CUT_OVER). */
  void run() {
    if (stopping || !controlSchema.ready()) {
      return;
    }
    Map<String, List<ValidatedTable>> byMigration = new LinkedHashMap<>();
    for (ValidatedTable t :
        wait.control(tables.writtenBackTables(), "reading the written-back tables")) {
      byMigration.computeIfAbsent(t.migration(), m -> new ArrayList<>()).add(t);
    }
    for (Map.Entry<String, List<ValidatedTable>> e : byMigration.entrySet()) {
      if (stopping) {
        return;
      }
      String state =
          wait.control(tables.state(e.getKey()), "reading the state of migration " + e.getKey())
              .orElse(null);
      if (!MigrationState.CUT_OVER.name().equals(state) || !round.windowOpen(e.getKey())) {
        continue; // no window (finished, or none planned); a fallback under way runs its own round
      }
      ValidationStatus worst = ValidationStatus.MATCH;
      for (DeepTableValidator.Outcome outcome : round.run(e.getKey(), e.getValue(), null)) {
        worst = RequestRunner.worse(worst, recorder.record(outcome));
      }
      LOG.debugf("Validation in reverse of %s: %s", e.getKey(), worst);
    }
  }
}
