package io.tributary.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security review M2: a plan's paths cannot leave the sources directory. */
class ConfinedDirectoryTest {
  @TempDir Path tmp;
  Path sources;
  Path outside;
  ConfinedDirectory dir;

  @BeforeEach
  void setUp() throws Exception {
    sources = Files.createDirectories(tmp.resolve("sources"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.db"), "x");
    Files.writeString(sources.resolve("app.db"), "x");
    Files.createDirectories(sources.resolve("sub"));
    dir = new ConfinedDirectory(sources);
  }

  @Test
  void pathsWithinResolveToTheirRealPath() throws Exception {
    Path real = sources.toRealPath();
    assertThat(dir.resolve("app.db")).contains(real.resolve("app.db"));
    assertThat(dir.resolve("sub/../app.db")).contains(real.resolve("app.db"));
    assertThat(dir.resolve(sources.resolve("app.db").toString())).contains(real.resolve("app.db"));
    assertThat(dir.resolve("missing.db")).contains(real.resolve("missing.db"));
    Files.createSymbolicLink(sources.resolve("link.db"), Path.of("sub/../app.db"));
    assertThat(dir.resolve("link.db")).contains(real.resolve("app.db"));
  }

  @Test
  void dotDotAbsoluteAndOutwardLinksAreRefused() throws Exception {
    assertThat(dir.resolve("../outside/secret.db")).isEmpty();
    assertThat(dir.resolve("sub/../../outside/secret.db")).isEmpty();
    assertThat(dir.resolve(outside.resolve("secret.db").toString())).isEmpty();
    assertThat(dir.resolve("/etc/passwd")).isEmpty();
    assertThat(dir.resolve(sources + "/../outside/secret.db")).isEmpty();
    Files.createSymbolicLink(sources.resolve("abs.db"), outside.resolve("secret.db"));
    Files.createSymbolicLink(sources.resolve("rel.db"), Path.of("../outside/secret.db"));
    Files.createSymbolicLink(sources.resolve("out"), outside);
    Files.createSymbolicLink(sources.resolve("sub/up"), Path.of("../.."));
    assertThat(dir.resolve("abs.db")).isEmpty();
    assertThat(dir.resolve("rel.db")).isEmpty();
    assertThat(dir.resolve("out/secret.db")).isEmpty();
    assertThat(dir.resolve("sub/up/outside/secret.db")).isEmpty();
  }

  @Test
  void refusalsDoNotDependOnWhetherTheTargetExists() throws Exception {
    Files.createSymbolicLink(sources.resolve("there.db"), outside.resolve("secret.db"));
    Files.createSymbolicLink(sources.resolve("nowhere.db"), outside.resolve("missing.db"));
    assertThat(dir.resolve("there.db")).isEmpty();
    assertThat(dir.resolve("nowhere.db")).isEmpty();
    assertThat(dir.resolve("../outside/secret.db")).isEmpty();
    assertThat(dir.resolve("../outside/missing.db")).isEmpty();
  }

  @Test
  void linkLoopsAreRefused() throws Exception {
    Files.createSymbolicLink(sources.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(sources.resolve("b"), Path.of("a"));
    assertThat(dir.resolve("a/x.db")).isEmpty();
  }
}
