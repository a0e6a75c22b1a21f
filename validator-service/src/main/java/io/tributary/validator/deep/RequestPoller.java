package io.tributary.validator.deep;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.common.concurrent.Poller;
import io.tributary.controlgate.ControlSchemaGate;
import io.tributary.validator.StateChangeLog;
import io.tributary.validator.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Claims the validation requests ({@code tributary.validation_requests}, written by the
 * orchestrator's {@code POST /migrations/{id}/validate} or its cutover) one at a time, oldest
 * first, and has {@link RequestRunner} answer each. At startup it starts over the requests a
 * previous run left unfinished.
 *
 * <p>Requests are looked for every {@code tributary.validator.deep.poll} (50 ms) on a thread of
 * their own: a cutover's final validation runs while the applications' writes are held, so its
 * start must not wait for Quarkus' scheduler, which checks its triggers only once a second. Each
 * look is one claim on the partial index of open requests.
 */
@ApplicationScoped
class RequestPoller {
  private static final Logger LOG = Logger.getLogger(RequestPoller.class);

  private final RequestRepository requests;
  private final RequestRunner runner;
  private final ControlSchemaGate controlSchema;
  private final StateChangeLog stateLog;
  private final ValidatorConfig config;
  private volatile boolean stopping;
  private boolean released;
  private Poller poller;

  RequestPoller(
      RequestRepository requests,
      RequestRunner runner,
      ControlSchemaGate controlSchema,
      StateChangeLog stateLog,
      ValidatorConfig config) {
    this.requests = requests;
    this.runner = runner;
    this.controlSchema = controlSchema;
    this.stateLog = stateLog;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    poller =
        Poller.start(
            "validation-requests",
            Duration.ZERO,
            config.deep().poll(),
            this::poll,
            e -> LOG.errorf(e, "Answering validation requests failed: %s", e.getMessage()));
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
    runner.stop();
    if (poller != null) {
      poller.stop();
    }
  }

  /** Answers every open request, oldest first (one poll; never runs twice at once). */
  void poll() {
    if (stopping || !controlSchema.ready()) {
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
        runner.run(request.get());
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
}
