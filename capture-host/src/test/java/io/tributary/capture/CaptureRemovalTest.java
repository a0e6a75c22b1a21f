package io.tributary.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.capture.SourceState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CaptureRemovalTest {
  private final FakeCaptureControl control = new FakeCaptureControl();
  private final FakeSourceCapture capture = new FakeSourceCapture();
  private final List<String> forgotten = new ArrayList<>();
  private final CaptureRemoval removal =
      new CaptureRemoval(control, (migration, source) -> forgotten.add(migration + "/" + source));
  private final SourceState ended =
      new SourceState("m", "a", SourceKind.SQLITE, "/data/a.db", "CUT_OVER");

  @Test
  @DisplayName("Removing uninstalls through the kind, forgets the offsets, then records it")
  void remove() throws SQLException {
    assertThat(removal.remove(capture, ended).message()).isEqualTo("2 triggers");

    assertThat(capture.uninstalled).containsExactly("m/a");
    assertThat(forgotten).containsExactly("m/a");
    assertThat(control.removed).containsExactly("m/a");
  }

  @Test
  @DisplayName("A source that cannot be changed keeps its record")
  void refused() {
    capture.failure = new SQLException("database is locked");

    assertThatThrownBy(() -> removal.remove(capture, ended)).isInstanceOf(SQLException.class);
    assertThat(forgotten).isEmpty();
    assertThat(control.removed).isEmpty();
  }
}
