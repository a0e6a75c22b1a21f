package io.tributary.cli;

import java.io.Console;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

/** {@code java -jar tributary-cli.jar ...} (deploy/tributary runs it). */
public final class Main {
  private static final String ENDPOINTS = "deploy/local/.run/endpoints.env";

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
    int code =
        new Cli(
                new Context(
                    System.getenv(),
                    endpointsFile(),
                    out,
                    err,
                    Ticker.system(),
                    stdoutIsTerminal(),
                    ZoneId.systemDefault()))
            .run(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Whether stdout is a terminal ({@code status --watch} redraws it in place). JDK 22 and newer
   * give a Console even when redirected: there, its isTerminal() says.
   */
  @SuppressWarnings("SystemConsoleNull")
  static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      return true; // JDK 17 to 21: a Console only for a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The local runtime's endpoints.env: the system property {@code tributary.endpoints}
   * (deploy/tributary sets it), else the one of the checkout the jar was built in
   * (cli/target/tributary-cli.jar), else deploy/local/.run/endpoints.env below the working
   * directory.
   */
  static Path endpointsFile() {
    String given = System.getProperty("tributary.endpoints");
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    try {
      Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path module = jar.getParent() == null ? null : jar.getParent().getParent();
      if (module != null && module.getParent() != null) {
        Path file = module.getParent().resolve(ENDPOINTS);
        if (Files.exists(file)) {
          return file;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no jar location: the working directory's
    }
    return Path.of(ENDPOINTS).toAbsolutePath();
  }
}
