package io.tributary.capture.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.capture.connect.PublishedRecords.Done;
import io.tributary.source.spi.capture.RecordTranslator;
import io.tributary.source.spi.capture.RecordTranslator.Translation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PublishedRecordsTest {
  private final PublishedRecords published = new PublishedRecords();
  private final SourceRecord captured =
      new SourceRecord(Map.of("file", "a"), Map.of("pos", 7L), "raw", null, null);

  private static RecordMetadata metadata(String topic, long offset) {
    return new RecordMetadata(new TopicPartition(topic, 0), offset, 0, 0, 0, 0);
  }

  private static RecordTranslator translator(Translation translation) {
    return record -> translation;
  }

  @Test
  @DisplayName("A translation is done once Kafka acknowledged every record it made, in order")
  void acknowledgedOnceAll() {
    Translation translation =
        new Translation(
            List.of(
                new ProducerRecord<>("t", 0, "k", new byte[] {1}),
                new ProducerRecord<>("p", 0, "m", new byte[] {2})),
            acks -> {});
    List<SourceRecord> out = new ArrayList<>();

    published.translate(translator(translation), captured, out);

    assertThat(out).extracting(SourceRecord::topic).containsExactly("t", "p");
    assertThat(out).allSatisfy(r -> assertThat(r.sourceOffset()).isEqualTo(Map.of("pos", 7L)));
    assertThat(published.acknowledged(out.get(1), metadata("p", 5))).isNull();
    Done done = published.acknowledged(out.get(0), metadata("t", 4));
    assertThat(done.original()).isSameAs(captured);
    assertThat(done.metadata()).extracting(RecordMetadata::offset).containsExactly(4L, 5L);
  }

  @Test
  @DisplayName("A record that made nothing is not published; a forgotten one is not acknowledged")
  void nothingAndCleared() {
    List<SourceRecord> out = new ArrayList<>();
    published.translate(translator(new Translation(List.of(), acks -> {})), captured, out);
    assertThat(out).isEmpty();

    published.translate(
        translator(
            new Translation(List.of(new ProducerRecord<>("t", 0, "k", new byte[] {1})), a -> {})),
        captured,
        out);
    published.clear();
    assertThat(published.acknowledged(out.get(0), metadata("t", 1))).isNull();
  }
}
