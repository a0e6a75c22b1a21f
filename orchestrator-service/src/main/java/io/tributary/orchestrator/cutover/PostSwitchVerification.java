package io.tributary.orchestrator.cutover;

import io.tributary.orchestrator.validation.ValidationRequest;
import io.tributary.orchestrator.validation.ValidationRequester;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Asks validator-service for the post-switch verification once a cutover with a fallback window is
 * CUT_OVER ({@code DESIGN.md}, cutover step 7): every row of the frozen sources compared with the
 * target in the background, the rows the window wrote back left out. Its result is in {@code GET
 * /migrations/{id}/fallback} ({@code postSwitch}); a difference recommends a fallback. Never fails
 * the cutover: the switch is done, and an operator can ask again ({@code POST
 * /migrations/{id}/validate?mode=postswitch}).
 */
@ApplicationScoped
class PostSwitchVerification {
  private static final Logger LOG = Logger.getLogger(PostSwitchVerification.class);

  private final ValidationRequester requester;

  PostSwitchVerification(ValidationRequester requester) {
    this.requester = requester;
  }

  /** Requests it for a migration now CUT_OVER; logs what happened. */
  void request(String migration, long cutover) {
    try {
      Optional<ValidationRequest> request =
          requester.requestPostSwitch(migration, "cutover " + cutover);
      if (request.isPresent()) {
        LOG.infof(
            "Migration '%s': post-switch verification requested (validation request %d)",
            migration, request.get().id());
      } else {
        LOG.infof(
            "Migration '%s' left CUT_OVER before its post-switch verification was requested",
            migration);
      }
    } catch (RuntimeException e) {
      LOG.warnf(
          "Migration '%s': the post-switch verification was not requested (%s); ask for it with"
              + " POST /migrations/%s/validate?mode=postswitch",
          migration, e.getMessage(), migration);
    }
  }
}
