package io.tributary.validator.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.tributary.common.validation.ValidationResult;
import io.tributary.source.spi.validate.TableKey;
import io.tributary.validator.StateChangeLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes results on channel {@code validation} (topic {@code tributary.validation}), keyed by
 * {@code <migration>/<source>/<table>}, the value being the JSON of {@link ValidationResult}.
 * Sending does not wait for Kafka; a failed send is logged once until sends succeed again.
 */
@ApplicationScoped
public class ResultPublisher {
  private static final Logger LOG = Logger.getLogger(ResultPublisher.class);
  private static final String STATE = "kafka-publish";

  private final Emitter<String> emitter;
  private final ObjectMapper mapper;
  private final StateChangeLog stateLog;

  public ResultPublisher(
      @Channel("validation") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
          Emitter<String> emitter,
      ObjectMapper mapper,
      StateChangeLog stateLog) {
    this.emitter = emitter;
    this.mapper = mapper;
    this.stateLog = stateLog;
  }

  /** Sends one result. Never throws. */
  public void publish(ValidationResult result) {
    String key = TableKey.of(result).toString();
    try {
      String value = mapper.writeValueAsString(result);
      emitter.send(
          KafkaRecord.of(key, value)
              .withAck(
                  () -> {
                    if (stateLog.clear(STATE)) {
                      LOG.info("Publishing validation results works again");
                    }
                    return CompletableFuture.completedFuture(null);
                  })
              .withNack(
                  failure -> {
                    failed(key, failure);
                    return CompletableFuture.completedFuture(null);
                  }));
    } catch (JsonProcessingException | RuntimeException e) {
      failed(key, e);
    }
  }

  private void failed(String key, Throwable failure) {
    if (stateLog.changed(STATE, String.valueOf(failure.getMessage()))) {
      LOG.warnf("Cannot publish validation result %s: %s", key, failure.getMessage());
    }
  }
}
