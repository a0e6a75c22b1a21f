package io.tributary.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.source.spi.capture.FenceMarkers;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FenceRelayTest {
  private final FakeCaptureControl control = new FakeCaptureControl();
  private final FakeSourceCapture capture = new FakeSourceCapture();
  private final FenceRelay relay = new FenceRelay(control);

  @Test
  @DisplayName("A fence is written through the kind's capture and its position recorded")
  void write() throws SQLException {
    String position = relay.write(7, FakeSourceCapture.source(), capture);

    assertThat(position).isEqualTo("change-log 1");
    assertThat(capture.fences).containsExactly(FenceMarkers.payload(7, "m", "a"));
    assertThat(control.written).isEqualTo(Map.of(7L, "change-log 1"));
  }

  @Test
  @DisplayName("The source's pending fences are written oldest first")
  void pending() throws SQLException {
    control.pending.put("m/a", new ArrayList<>(List.of(3L, 4L)));
    control.pending.put("m/b", new ArrayList<>(List.of(5L)));

    relay.writeAll(control.pendingFences("m", "a"), FakeSourceCapture.source(), capture);

    assertThat(capture.fences)
        .containsExactly(FenceMarkers.payload(3, "m", "a"), FenceMarkers.payload(4, "m", "a"));
    assertThat(control.written).containsOnlyKeys(3L, 4L);
  }

  @Test
  @DisplayName("A fence the source refuses is not recorded as written")
  void refused() {
    capture.failure = new SQLException("database is locked");

    assertThatThrownBy(() -> relay.write(7, FakeSourceCapture.source(), capture))
        .isInstanceOf(SQLException.class);
    assertThat(control.written).isEmpty();
  }
}
