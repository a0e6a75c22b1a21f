package io.tributary.validator;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Answers deep and final validation requests ({@code tributary.validation_requests}, written by the
 * orchestrator's {@code POST /migrations/{id}/validate} or its cutover), one at a time in the order
 * they came: compares each table the request covers ({@link DeepValidator}), stores each result
 * with its differences ({@link ComparisonRepository}), publishes it on {@code
 * tributary.validation}, and finishes the request with the worst status of its tables. At startup
 * it starts over the requests a previous run left unfinished.
 */
@ApplicationScoped
public class ValidationRequestRunner {
  private static final Logger LOG = Logger.getLogger(ValidationRequestRunner.class);

  private final ValidationRequestRepository requests;
  private final ValidatedTableRepository tables;
  private final DeepValidator validator;
  private final ComparisonRepository comparisons;
  private final ValidationPublisher publisher;
  private final ControlSchemaInitializer controlSchema;
  private final StateChangeLog stateLog;
  private final ValidatorConfig config;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tributary-validation-requests");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean stopping;
  private boolean released;

  public ValidationRequestRunner(
      ValidationRequestRepository requests,
      ValidatedTableRepository tables,
      DeepValidator validator,
      ComparisonRepository comparisons,
      ValidationPublisher publisher,
      ControlSchemaInitializer controlSchema,
      StateChangeLog stateLog,
      ValidatorConfig config) {
    this.config = config;
    this.requests = requests;
    this.tables = tables;
    this.validator = validator;
    this.comparisons = comparisons;
    this.publisher = publisher;
    this.controlSchema = controlSchema;
    this.stateLog = stateLog;
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
    poller.shutdownNow();
  }

  /**
   * Looks for requests every {@code tributary.validator.deep.poll} on a thread of its own (Quarkus'
   * scheduler looks at its triggers once a second; a cutover waits on its final validation).
   */
  void onStart(@Observes StartupEvent event) {
    long every = Math.max(10, config.deep().poll().toMillis());
    poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
  }

  void poll() {
    if (stopping || !controlSchema.ensure()) {
      return;
    }
    try {
      if (!released) {
        int n = requests.releaseUnfinished();
        released = true;
        if (n > 0) {
          LOG.infof("Starting over %d validation requests left unfinished by a previous run", n);
        }
      }
      Optional<ValidationRequest> request;
      while (!stopping && (request = requests.claim()).isPresent()) {
        run(request.get());
      }
      if (stateLog.clear("validation-requests")) {
        LOG.info("Reading validation requests works again");
      }
    } catch (RuntimeException e) {
      if (stateLog.changed("validation-requests", String.valueOf(e.getMessage()))) {
        LOG.warnf("Cannot read or answer validation requests: %s", e.getMessage());
      }
    }
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
    Optional<String> state = tables.state(request.migration()).await().indefinitely();
    if (state.isEmpty()) {
      requests.finish(request.id(), ValidationStatus.ERROR, "no migration " + request.migration());
      return;
    }
    if (!ValidatedTableRepository.isActive(state.get())) {
      requests.finish(
          request.id(),
          ValidationStatus.ERROR,
          "migration " + request.migration() + " is " + state.get() + ": nothing to validate");
      return;
    }
    List<ValidatedTable> covered =
        tables.activeTables(request.migration()).await().indefinitely().stream()
            .filter(request::covers)
            .toList();
    if (covered.isEmpty()) {
      requests.finish(
          request.id(), ValidationStatus.ERROR, "the request covers no table of the migration");
      return;
    }
    ValidationStatus worst = ValidationStatus.MATCH;
    int done = 0;
    requests.progress(request.id(), covered.size(), 0);
    for (ValidatedTable table : covered) {
      if (stopping) {
        return; // started over at the next start
      }
      DeepValidator.Outcome outcome = validator.validate(table, request.mode(), request.id());
      ValidationResult result = outcome.result();
      long id =
          comparisons.store(
              result, outcome.diff() == null ? List.of() : outcome.diff().differences());
      result = result.withValidationId(id);
      publisher.publish(result);
      if (result.status().isProblem()) {
        LOG.warnf(
            "%s validation of %s: %s: %s",
            request.mode(), result.key(), result.status(), result.detail());
      }
      worst = worse(worst, result.status());
      requests.progress(request.id(), covered.size(), ++done);
    }
    requests.finish(request.id(), worst, null);
    LOG.infof("Validation request %d done: %s", request.id(), worst);
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
