package io.tributary.cdc.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Tells {@code tributary.rejects} (the topic) about the rows a committed batch rejected. The
 * rejects themselves are kept in {@code tributary.rejects} (the table), in the batch's transaction;
 * the topic only tells about them, so a failed send is logged, not retried.
 */
@ApplicationScoped
public class RejectPublisher {
  private static final Logger LOG = Logger.getLogger(RejectPublisher.class);

  private final KafkaClients kafka;

  public RejectPublisher(KafkaClients kafka) {
    this.kafka = kafka;
  }

  void publish(List<Reject> rejects) {
    for (Reject r : rejects) {
      ObjectNode value = ChangeEventCodec.MAPPER.createObjectNode();
      value
          .put("migration", r.migration())
          .put("source", r.source())
          .put("table", r.table())
          .put("topic", r.record().topic())
          .put("partition", r.record().partition())
          .put("offset", r.record().offset())
          .put("key", r.record().key())
          .put("row", r.record().rawText())
          .put("reason", r.reason());
      if (r.sourcePos() != null) {
        value.put("pos", r.sourcePos());
      }
      if (r.chunkRow() >= 0) {
        value.put("chunkTopic", r.kafkaTopic()).put("chunkRow", r.chunkRow());
      }
      Future<RecordMetadata> unused =
          kafka
              .producer()
              .send(
                  new ProducerRecord<>(
                      Topics.REJECTS,
                      r.migration(),
                      value.toString().getBytes(StandardCharsets.UTF_8)),
                  (metadata, failure) -> {
                    if (failure != null) {
                      LOG.warnf(
                          "Reject of %s offset %d (kept in tributary.rejects) not published on %s: %s",
                          r.record().topic(),
                          r.record().offset(),
                          Topics.REJECTS,
                          failure.getMessage());
                    }
                  });
    }
  }
}
