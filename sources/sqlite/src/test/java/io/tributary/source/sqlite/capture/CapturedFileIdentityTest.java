package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapturedFileIdentityTest {
  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong();

  private CapturedFileIdentity opened(Path file) throws Exception {
    return new CapturedFileIdentity(file, 1_000, now::get);
  }

  private void later() {
    now.addAndGet(1_000_000_000L);
  }

  @Test
  @DisplayName("The same file, written to, is no problem")
  void sameFile() throws Exception {
    Path file = Files.writeString(dir.resolve("app.db"), "one");
    CapturedFileIdentity identity = opened(file);
    Files.writeString(file, "two, written in place");
    later();
    assertThat(identity.problem()).isNull();
  }

  @Test
  @DisplayName(
      "Another file moved onto the path is named as a replacement, once the interval passed")
  void replaced() throws Exception {
    Path file = Files.writeString(dir.resolve("app.db"), "one");
    CapturedFileIdentity identity = opened(file);
    Path restored = Files.writeString(dir.resolve("restored.db"), "one");
    Files.move(restored, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(identity.problem()).as("not yet time to look").isNull();
    later();
    assertThat(identity.problem())
        .startsWith("the SQLite file " + file + " was replaced while its capture read it")
        .contains("Capture stopped")
        .contains("put the original file back");
  }

  @Test
  @DisplayName("A removed file is named as removed")
  void removed() throws Exception {
    Path file = Files.writeString(dir.resolve("app.db"), "one");
    CapturedFileIdentity identity = opened(file);
    Files.delete(file);
    later();
    assertThat(identity.problem())
        .startsWith("the SQLite file " + file + " was removed while its capture read it")
        .contains("put the file back at that path, or abandon the migration");
  }
}
