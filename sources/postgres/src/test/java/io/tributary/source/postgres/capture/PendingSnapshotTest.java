package io.tributary.source.postgres.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.event.ChangeEventCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingSnapshotTest {

  private static JsonNode offset(String json) throws Exception {
    return ChangeEventCodec.MAPPER.readTree(json);
  }

  @Test
  void noStoredOffsetTakesTheSnapshot() {
    assertThat(PendingSnapshot.at(List.of())).isTrue();
  }

  @Test
  void anOffsetStoredDuringTheInitialSnapshotTakesItAgain() throws Exception {
    // as Debezium 3.4 stores it in the middle of the snapshot
    JsonNode during =
        offset(
            "{\"last_snapshot_record\":false,\"lsn\":38542888,\"txId\":824,"
                + "\"ts_usec\":1764181941088000,\"snapshot\":\"INITIAL\","
                + "\"snapshot_completed\":false}");
    assertThat(PendingSnapshot.at(List.of(during))).isTrue();
    // before Debezium 2.5: a boolean
    assertThat(PendingSnapshot.at(List.of(offset("{\"snapshot\":true,\"lsn\":1}")))).isTrue();
    assertThat(PendingSnapshot.at(List.of(offset("{\"snapshot\":\"true\",\"lsn\":1}")))).isTrue();
  }

  @Test
  void aCompletedSnapshotOrAStreamingOffsetDoesNot() throws Exception {
    JsonNode lastRecord =
        offset(
            "{\"last_snapshot_record\":true,\"lsn\":38542888,\"snapshot\":\"INITIAL\","
                + "\"snapshot_completed\":true}");
    JsonNode streaming =
        offset(
            "{\"lsn_proc\":38547136,\"messageType\":\"INSERT\",\"lsn_commit\":38547184,"
                + "\"lsn\":38547136,\"txId\":830,\"ts_usec\":1764181949000000}");
    assertThat(PendingSnapshot.at(List.of(lastRecord))).isFalse();
    assertThat(PendingSnapshot.at(List.of(streaming))).isFalse();
    // a blocking snapshot (a resync signal) is not the initial one
    assertThat(PendingSnapshot.at(List.of(offset("{\"snapshot\":\"BLOCKING\",\"lsn\":5}"))))
        .isFalse();
  }
}
