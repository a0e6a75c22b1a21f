package io.tributary.orchestrator.freeze;

import io.tributary.source.spi.freeze.SourceFreezeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pgbouncer.ini: one {@code [databases]} entry read or changed, everything else kept as it is,
 * written back atomically (a temporary file moved over it, with the original's permissions).
 * Entries given through {@code %include} files or the {@code *} fallback are not changed: the
 * database must have its own line in this file.
 */
public final class PgBouncerConfigFile {
  private static final Pattern SECTION = Pattern.compile("^\\s*\\[([^\\]]+)]\\s*$");
  private static final Pattern ENTRY =
      Pattern.compile("^\\s*(\"[^\"]+\"|[^=\\s;#]+)\\s*=\\s*(.*)$");

  private final Path file;
  private final List<String> lines;

  private PgBouncerConfigFile(Path file, List<String> lines) {
    this.file = file;
    this.lines = lines;
  }

  public static PgBouncerConfigFile read(Path file) {
    try {
      return new PgBouncerConfigFile(
          file, new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new SourceFreezeException("cannot read PgBouncer config " + file + ": " + e, e);
    }
  }

  /** The connection string of database {@code name}'s entry. */
  public Optional<String> database(String name) {
    int i = entry(name);
    if (i < 0) {
      return Optional.empty();
    }
    Matcher m = ENTRY.matcher(lines.get(i));
    m.matches();
    return Optional.of(m.group(2).trim());
  }

  /**
   * The same file with database {@code name}'s entry pointing at {@code connectionString}.
   *
   * @throws SourceFreezeException when {@code [databases]} has no line for it
   */
  public PgBouncerConfigFile withDatabase(String name, String connectionString) {
    int i = entry(name);
    if (i < 0) {
      throw new SourceFreezeException(
          "PgBouncer config " + file + " has no [databases] entry for '" + name + "'");
    }
    List<String> changed = new ArrayList<>(lines);
    Matcher m = ENTRY.matcher(lines.get(i));
    m.matches();
    changed.set(i, m.group(1) + " = " + connectionString);
    return new PgBouncerConfigFile(file, changed);
  }

  /** Replaces the file atomically, keeping its permissions. */
  public void write() {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Path temp = Files.createTempFile(dir, ".pgbouncer-", ".ini");
      Files.write(temp, lines, StandardCharsets.UTF_8);
      // PgBouncer reads the file as its own OS user: keep the original's permissions and owner
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      Files.setPosixFilePermissions(temp, permissions);
      UserPrincipal owner = Files.getOwner(file);
      if (!owner.equals(Files.getOwner(temp))) {
        try {
          Files.setOwner(temp, owner);
        } catch (IOException e) {
          if (!permissions.contains(PosixFilePermission.OTHERS_READ)) {
            Files.deleteIfExists(temp);
            throw new SourceFreezeException(
                "cannot give the new "
                    + file
                    + " to its owner "
                    + owner.getName()
                    + " and it is not readable by others, so PgBouncer could not read it: "
                    + e.getMessage(),
                e);
          }
        }
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SourceFreezeException("cannot write PgBouncer config " + file + ": " + e, e);
    }
  }

  /**
   * A {@code [databases]} connection string as PgBouncer reads it: values with spaces, quotes or
   * other characters are single-quoted, a quote inside doubled ({@code ''}; PgBouncer gives a
   * backslash no meaning).
   *
   * @param password null or empty for none (PgBouncer refuses an empty value)
   * @throws SourceFreezeException when a value holds a line break or NUL, which one line of the
   *     file cannot hold (it would end the entry and start another)
   */
  public static String connectionString(
      String host, int port, String dbname, String user, String password) {
    StringBuilder out = new StringBuilder();
    out.append("host=").append(value(host));
    out.append(" port=").append(port);
    out.append(" dbname=").append(value(dbname));
    if (user != null) {
      out.append(" user=").append(value(user));
    }
    if (password != null && !password.isEmpty()) {
      out.append(" password=").append(value(password));
    }
    return out.toString();
  }

  /**
   * A {@code [databases]} connection string as messages, the audit log and the API show it: its
   * {@code password=} value (quoted or not) replaced by {@code ***}.
   */
  public static String redact(String connectionString) {
    if (connectionString == null) {
      return null;
    }
    return connectionString.replaceAll("(?i)(\\bpassword\\s*=\\s*)('(?:[^']|'')*'|\\S+)", "$1***");
  }

  private static String value(String v) {
    if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0) {
      throw new SourceFreezeException(
          "a value of the PgBouncer connection string holds a line break or NUL, which a line of"
              + " its config file cannot hold: not written");
    }
    if (v.matches("[A-Za-z0-9_.\\-/:@]+")) {
      return v;
    }
    return "'" + v.replace("'", "''") + "'";
  }

  private int entry(String name) {
    boolean inDatabases = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher section = SECTION.matcher(line);
      if (section.matches()) {
        inDatabases = section.group(1).trim().toLowerCase(Locale.ROOT).equals("databases");
        continue;
      }
      if (!inDatabases) {
        continue;
      }
      Matcher m = ENTRY.matcher(line);
      if (m.matches()) {
        String key = m.group(1);
        if (key.startsWith("\"")) {
          key = key.substring(1, key.length() - 1);
        }
        if (key.equals(name)) {
          return i;
        }
      }
    }
    return -1;
  }
}
