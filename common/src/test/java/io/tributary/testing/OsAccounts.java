package io.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a test JVM running as root needs to hand a directory to another OS user (PostgreSQL refuses
 * to run as root).
 */
final class OsAccounts {

  private static final Logger LOG = LoggerFactory.getLogger(OsAccounts.class);

  private OsAccounts() {}

  /** Whether this JVM runs as root. */
  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Changes the owner of a file or directory (not recursively). */
  static void chown(Path path, String user) {
    try {
      UserPrincipal principal =
          path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
      Files.setOwner(path, principal);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot give " + path + " to the OS user " + user, e);
    }
  }

  /** Lets every user traverse each ancestor of {@code dir} (adds o+x where it is missing). */
  static void makeAncestorsTraversable(Path dir) {
    for (Path ancestor = dir.toAbsolutePath().getParent();
        ancestor != null;
        ancestor = ancestor.getParent()) {
      try {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(ancestor);
        if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
          LOG.info("Adding o+x to {} so that another OS user can reach {}", ancestor, dir);
          Files.setPosixFilePermissions(ancestor, permissions);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot make " + ancestor + " traversable", e);
      }
    }
  }
}
