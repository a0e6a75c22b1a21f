package io.tributary.validator.deep;

import io.smallrye.mutiny.Uni;
import io.tributary.common.control.MigrationState;
import io.tributary.common.fault.FaultPoints;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.TableKey;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.validator.DatabaseWait;
import io.tributary.validator.ValidatedTableRepository;
import io.tributary.validator.changes.ChangedKeys;
import io.tributary.validator.changes.PostSwitchVerdicts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs one claimed validation request ({@link RequestPoller} claims them, one at a time in the
 * order they came): compares each table the request covers ({@link DeepTableValidator}), stores
 * each result with its differences ({@link OutcomeRecorder}, which also publishes it on {@code
 * tributary.validation}), and finishes the request with the worst status of its tables. A
 * fallback's precutover round runs in reverse ({@link ReverseRound}), a post-switch verification
 * through {@link PostSwitchRound}.
 */
@ApplicationScoped
class RequestRunner {
  private static final Logger LOG = Logger.getLogger(RequestRunner.class);

  private final RequestRepository requests;
  private final ValidatedTableRepository tables;
  private final DeepTableValidator validator;
  private final OutcomeRecorder recorder;
  private final ReverseRound reverse;
  private final PostSwitchRound postSwitch;
  private final ChangedRows changes;
  private final PostSwitchVerdicts postSwitchVerdicts;
  private final DatabaseWait wait;
  private volatile boolean stopping;

  public RequestRunner(
      RequestRepository requests,
      ValidatedTableRepository tables,
      DeepTableValidator validator,
      OutcomeRecorder recorder,
      ReverseRound reverse,
      PostSwitchRound postSwitch,
      ChangedRows changes,
      PostSwitchVerdicts postSwitchVerdicts,
      DatabaseWait wait) {
    this.requests = requests;
    this.tables = tables;
    this.validator = validator;
    this.recorder = recorder;
    this.reverse = reverse;
    this.postSwitch = postSwitch;
    this.changes = changes;
    this.postSwitchVerdicts = postSwitchVerdicts;
    this.wait = wait;
  }

  /**
   * Stops between two tables: the request being run is left unfinished, started over at the next
   * start.
   */
  void stop() {
    stopping = true;
  }

  /** Runs one claimed request to its end. */
  void run(ValidationRequest request) {
    LOG.infof(
        "Validation request %d: %s validation of %s%s (by %s)",
        request.id(),
        request.mode(),
        request.migration(),
        request.source() == null
            ? ""
            : " source "
                + request.source()
                + (request.table() == null ? "" : " table " + request.table()),
        request.requestedBy());
    Optional<String> state =
        wait.control(
            tables.state(request.migration()),
            "reading the state of migration " + request.migration());
    if (state.isEmpty()) {
      requests.finish(request.id(), ValidationStatus.ERROR, "no migration " + request.migration());
      return;
    }
    if (request.mode() == ValidationMode.POSTSWITCH) {
      postSwitch(request, state.get());
      return;
    }
    if (!ValidatedTableRepository.isActive(state.get())) {
      requests.finish(
          request.id(),
          ValidationStatus.ERROR,
          "migration " + request.migration() + " is " + state.get() + ": nothing to validate");
      return;
    }
    List<ValidatedTable> covered = covered(request, tables.activeTables(request.migration()));
    if (covered.isEmpty()) {
      return;
    }
    if (request.mode() == ValidationMode.PRECUTOVER
        && MigrationState.FALLING_BACK.name().equals(state.get())) {
      // a fallback's verification before its freeze: a round of validation in reverse
      requests.progress(request.id(), covered.size(), 0);
      ValidationStatus worst = ValidationStatus.MATCH;
      int done = 0;
      for (DeepTableValidator.Outcome outcome :
          reverse.run(request.migration(), covered, request.id())) {
        worst = worse(worst, recorder.record(outcome));
        requests.progress(request.id(), covered.size(), ++done);
      }
      requests.finish(request.id(), worst, null);
      LOG.infof("Validation request %d done: %s", request.id(), worst);
      return;
    }
    ChangedRows.Gate gate = null;
    // a cutover's gate leans on the behind-apply record; a fallback's (the record covers the
    // target, not the old sources) on the sources' freeze guards, for the tables the post-switch
    // verification did not find different
    Map<TableKey, String> afterSwitch = null;
    if (request.mode() == ValidationMode.FINAL
        && request.sinceFences().isEmpty()
        && MigrationState.FALLING_BACK.name().equals(state.get())) {
      try {
        gate = changes.forFallback(request.migration(), covered);
        afterSwitch = postSwitchVerdicts.of(request.migration());
      } catch (RuntimeException e) {
        requests.finish(
            request.id(),
            ValidationStatus.ERROR,
            "cannot read the rows the fallback window wrote back: " + e.getMessage());
        return;
      }
    } else if (request.changedRowsOnly()) {
      try {
        gate = changes.forGate(request, covered);
      } catch (RuntimeException e) {
        requests.finish(
            request.id(),
            ValidationStatus.ERROR,
            "cannot read the rows changed after the cutover's position: " + e.getMessage());
        return;
      }
    }
    ValidationStatus worst = ValidationStatus.MATCH;
    int done = 0;
    requests.progress(request.id(), covered.size(), 0);
    Map<ValidatedTable, DeepTableValidator.Outcome> setAside = new LinkedHashMap<>();
    for (ValidatedTable table : covered) {
      if (stopping) {
        return; // started over at the next start
      }
      DeepTableValidator.Outcome outcome;
      if (gate == null) {
        outcome = whole(request, table);
      } else if (gate.verifiedAtP().contains(table.key())) {
        ChangedKeys keys = gate.byTopic().get(table.topic());
        outcome =
            request.catchUp()
                ? validator.validateChangedBefore(table, request.id(), keys)
                : validator.validateChanged(
                    table,
                    request.id(),
                    keys,
                    afterSwitch == null
                        ? CountFreeProof.BEHIND_APPLY_RECORD
                        : CountFreeProof.afterSwitch(afterSwitch.get(table.key())));
      } else {
        // not found equal at P: its changes alone do not tell, so it is compared whole
        outcome = whole(request, table);
      }
      if (request.mode() == ValidationMode.PRECUTOVER
          && outcome.diff() != null
          && !outcome.diff().same()
          && outcome.result().status() != ValidationStatus.ERROR) {
        setAside.put(table, outcome); // decided once the changes after P are read
        continue;
      }
      worst = worse(worst, recorder.record(outcome));
      requests.progress(request.id(), covered.size(), ++done);
    }
    if (!setAside.isEmpty()) {
      Map<String, ChangedKeys> changed = null;
      try {
        changed =
            request.sinceFences().isEmpty() ? null : changes.sinceP(request, setAside.keySet());
      } catch (RuntimeException e) {
        LOG.warnf(
            "Validation request %d: cannot read the rows changed after its position: %s",
            request.id(), e.getMessage());
      }
      for (Map.Entry<ValidatedTable, DeepTableValidator.Outcome> e : setAside.entrySet()) {
        ChangedKeys keys = changed == null ? null : changed.get(e.getKey().topic());
        worst = worse(worst, recorder.record(validator.setAside(e.getKey(), e.getValue(), keys)));
        requests.progress(request.id(), covered.size(), ++done);
      }
    }
    // its results stored and published, the request not yet finished (the fault suite)
    FaultPoints.reach("validate." + request.mode().wire() + ".before-finish");
    requests.finish(request.id(), worst, null);
    LOG.infof("Validation request %d done: %s", request.id(), worst);
  }

  /**
   * A table compared whole: a precutover request's as of its position (the rows changed after it
   * left to the later comparisons by key), any other as it is.
   */
  private DeepTableValidator.Outcome whole(ValidationRequest request, ValidatedTable table) {
    if (request.mode() == ValidationMode.PRECUTOVER && !request.position().isEmpty()) {
      return validator.validateAsOf(table, request.id(), () -> changes.asOf(request, table));
    }
    return validator.validate(table, request.mode(), request.id());
  }

  /**
   * The post-switch verification: every table of a migration whose fallback window is open,
   * compared whole with the rows written back left out ({@link PostSwitchRound}).
   */
  private void postSwitch(ValidationRequest request, String state) {
    if (!MigrationState.CUT_OVER.name().equals(state)) {
      requests.finish(
          request.id(),
          ValidationStatus.ERROR,
          "migration "
              + request.migration()
              + " is "
              + state
              + ": the post-switch verification runs within the fallback window (CUT_OVER)");
      return;
    }
    List<ValidatedTable> covered = covered(request, tables.writtenBackTables(request.migration()));
    if (covered.isEmpty()) {
      return;
    }
    ValidationStatus worst = ValidationStatus.MATCH;
    int done = 0;
    requests.progress(request.id(), covered.size(), 0);
    for (ValidatedTable table : covered) {
      if (stopping) {
        return; // started over at the next start
      }
      Optional<String> now =
          wait.control(
              tables.state(request.migration()),
              "reading the state of migration " + request.migration());
      if (!now.equals(Optional.of(MigrationState.CUT_OVER.name()))) {
        // a fallback or a finish ended the window: its own gate compares what it needs
        requests.finish(
            request.id(),
            ValidationStatus.ERROR,
            "migration "
                + request.migration()
                + " left its fallback window ("
                + now.orElse("removed")
                + ") after "
                + done
                + " of "
                + covered.size()
                + " tables");
        return;
      }
      worst = worse(worst, recorder.record(postSwitch.table(table, request.id())));
      requests.progress(request.id(), covered.size(), ++done);
    }
    FaultPoints.reach("validate." + request.mode().wire() + ".before-finish");
    requests.finish(request.id(), worst, null);
    LOG.infof("Validation request %d done: %s", request.id(), worst);
  }

  /**
   * The tables of the migration the request covers, of those read; none when it covers none (the
   * request is then finished as an ERROR saying so).
   */
  private List<ValidatedTable> covered(
      ValidationRequest request, Uni<List<ValidatedTable>> migrationTables) {
    List<ValidatedTable> covered =
        wait
            .control(migrationTables, "reading the tables of migration " + request.migration())
            .stream()
            .filter(request::covers)
            .toList();
    if (covered.isEmpty()) {
      requests.finish(
          request.id(), ValidationStatus.ERROR, "the request covers no table of the migration");
    }
    return covered;
  }

  /** ERROR over MISMATCH over PENDING over MATCH. */
  static ValidationStatus worse(ValidationStatus a, ValidationStatus b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(ValidationStatus status) {
    return switch (status) {
      case MATCH -> 0;
      case PENDING -> 1;
      case MISMATCH -> 2;
      case ERROR -> 3;
    };
  }
}
