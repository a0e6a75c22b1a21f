package io.tributary.cdc.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.event.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class OversizedRecordsTest {
  private final OversizedRecords limit = new OversizedRecords(4096);

  private static ProducerRecord<String, byte[]> record(String value) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            "tributary.m.s.t", 0, "{\"id\":5}", value.getBytes(StandardCharsets.UTF_8));
    record.headers().add(new RecordHeader(Topics.GENERATION_HEADER, "3".getBytes()));
    return record;
  }

  @Test
  void aRecordThatFitsIsPublishedAsItIs() {
    ProducerRecord<String, byte[]> record = record("{\"after\":{\"id\":5}}");
    assertThat(limit.fit(record)).isSameAs(record);
  }

  @Test
  void anOversizedRecordBecomesARejectOfTheSameKeyWithItsSize() {
    String value = "{\"after\":{\"id\":5,\"data\":\"" + "é".repeat(3000) + "\"}}";
    ProducerRecord<String, byte[]> record = record(value);

    ProducerRecord<String, byte[]> reject = limit.fit(record);

    assertThat(reject).isNotSameAs(record);
    assertThat(reject.topic()).isEqualTo(record.topic());
    assertThat(reject.partition()).isEqualTo(0);
    assertThat(reject.key()).isEqualTo("{\"id\":5}");
    assertThat(new String(reject.headers().lastHeader(Topics.GENERATION_HEADER).value()))
        .isEqualTo("3");
    assertThat(
            new String(
                reject.headers().lastHeader(Topics.REJECT_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo(
            "the change event is "
                + OversizedRecords.size(record)
                + " bytes, over the 4096 bytes a record may have"
                + " (tributary.capture.max-record-bytes); the row stays in the source: raise the"
                + " limit and resync the table");
    // the beginning of the event, cut on a character boundary
    assertThat(reject.value().length).isLessThanOrEqualTo(OversizedRecords.KEPT_BYTES);
    String kept = new String(reject.value(), StandardCharsets.UTF_8);
    assertThat(value).startsWith(kept);
    assertThat(OversizedRecords.size(reject)).isLessThan(4096);
  }

  @Test
  void theSizeCountsKeyValueHeadersAndFraming() {
    ProducerRecord<String, byte[]> record = record("12345");
    assertThat(OversizedRecords.size(record))
        .isEqualTo(OversizedRecords.FRAMING_BYTES + 8 + 5 + Topics.GENERATION_HEADER.length() + 1);
  }
}
