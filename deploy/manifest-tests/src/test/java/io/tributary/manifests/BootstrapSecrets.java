package io.tributary.manifests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets {@code deploy/kubernetes/bootstrap/create-secrets.sh} makes (no manifest ships a
 * secret value): its {@code secret NAME KEY FILE} lines, name to keys.
 */
final class BootstrapSecrets {
  static final String SCRIPT = "deploy/kubernetes/bootstrap/create-secrets.sh";

  private static final Pattern SECRET =
      Pattern.compile("(?m)^secret ([a-z0-9.-]+) ([A-Za-z0-9._-]+) ");

  private BootstrapSecrets() {}

  static Map<String, Set<String>> of(Path root) throws IOException {
    return parse(Files.readString(root.resolve(SCRIPT)));
  }

  static Map<String, Set<String>> parse(String script) {
    Map<String, Set<String>> secrets = new TreeMap<>();
    Matcher line = SECRET.matcher(script);
    while (line.find()) {
      secrets.computeIfAbsent(line.group(1), k -> new TreeSet<>()).add(line.group(2));
    }
    return secrets;
  }
}
