package io.tributary.orchestrator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tributary.orchestrator.state.StateTransition;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes committed state changes on the {@code status} channel (topic {@code tributary.status}),
 * keyed by migration id so one migration's changes stay in order. The value is the {@link
 * StateTransition} as JSON: {@code {"migration","from","to","actor","reason","at"}}.
 *
 * <p>Publishing is best effort and never fails the caller: the audit log in the control schema is
 * the record, the topic a notification of it.
 */
@ApplicationScoped
public class StatusPublisher {
  private static final Logger LOG = Logger.getLogger(StatusPublisher.class);

  private final Emitter<String> emitter;
  private final ObjectMapper mapper;

  public StatusPublisher(@Channel("status") Emitter<String> emitter, ObjectMapper mapper) {
    this.emitter = emitter;
    this.mapper = mapper;
  }

  /**
   * Publishes transitions in order; call only after the transaction that recorded them committed.
   */
  public void publish(List<StateTransition> transitions) {
    transitions.forEach(this::publish);
  }

  /** Publishes one transition; call only after the transaction that recorded it committed. */
  public void publish(StateTransition transition) {
    try {
      Message<String> message =
          Message.of(mapper.writeValueAsString(transition))
              .addMetadata(
                  OutgoingKafkaRecordMetadata.<String>builder()
                      .withKey(transition.migration())
                      .build())
              .withNack(
                  failure -> {
                    LOG.warnf(
                        failure,
                        "Failed to publish state change %s -> %s of migration '%s'; the audit log"
                            + " has it",
                        transition.from(),
                        transition.to(),
                        transition.migration());
                    return CompletableFuture.completedFuture(null);
                  });
      emitter.send(message);
      LOG.debugf(
          "Published state change %s -> %s of migration '%s'",
          transition.from(), transition.to(), transition.migration());
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warnf(
          e,
          "Failed to publish state change %s -> %s of migration '%s'; the audit log has it",
          transition.from(),
          transition.to(),
          transition.migration());
    }
  }

  /**
   * Publishes another notification (an operator command's outcome) keyed by migration; best effort
   * like state changes.
   */
  public void publishNotice(String migration, Object notice) {
    try {
      emitter.send(
          Message.of(mapper.writeValueAsString(notice))
              .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(migration).build())
              .withNack(
                  failure -> {
                    LOG.warnf(
                        failure, "Failed to publish a notice about migration '%s'", migration);
                    return CompletableFuture.completedFuture(null);
                  }));
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warnf(e, "Failed to publish a notice about migration '%s'", migration);
    }
  }
}
