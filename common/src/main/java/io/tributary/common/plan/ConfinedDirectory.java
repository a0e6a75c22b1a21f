package io.tributary.common.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A directory that paths named by a plan must stay within (the sources directory, a directory
 * switch actions may write into): a path is resolved against it one name at a time, each symbolic
 * link read and followed by hand, so that nothing outside the directory is ever looked at: a path
 * that leaves it ({@code ../..}, an absolute path elsewhere, a link pointing out) is refused
 * without the file system being asked whether its target exists. A refused path and a missing one
 * are told apart only inside the directory.
 */
public final class ConfinedDirectory {
  /** As many links as Linux follows for one path before it gives up ({@code ELOOP}). */
  private static final int MAX_LINKS = 40;

  private final Path root;
  private final Path realRoot;

  /**
   * @param root the directory; its own real path (with the links above it) is trusted
   * @throws IllegalArgumentException when the directory does not exist or cannot be resolved
   */
  public ConfinedDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      this.realRoot = this.root.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the directory " + this.root + " cannot be resolved: " + e.getMessage(), e);
    }
  }

  /** The directory as configured, made absolute. */
  public Path root() {
    return root;
  }

  /**
   * The real path of {@code path} (relative: against the directory), every symbolic link followed,
   * when it stays within the directory; empty when it leaves it. The path need not exist: a missing
   * name resolves to where it would be.
   */
  public Optional<Path> resolve(String path) {
    Path given = Path.of(path);
    Path lexical = given.isAbsolute() ? given.normalize() : root.resolve(given).normalize();
    Path start;
    if (lexical.startsWith(realRoot)) {
      start = realRoot;
      lexical = realRoot.relativize(lexical);
    } else if (lexical.startsWith(root)) {
      start = realRoot;
      lexical = root.relativize(lexical);
    } else {
      return Optional.empty();
    }
    return walk(start, lexical);
  }

  /** Whether {@code path}, already absolute and real, is the directory or within it. */
  public boolean contains(Path path) {
    return path.normalize().startsWith(realRoot);
  }

  private Optional<Path> walk(Path start, Path relative) {
    Deque<String> names = new ArrayDeque<>();
    push(names, relative);
    Path current = start;
    int links = 0;
    while (!names.isEmpty()) {
      String name = names.pop();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        current = current.getParent();
        if (current == null || !current.startsWith(realRoot)) {
          return Optional.empty();
        }
        continue;
      }
      Path next = current.resolve(name);
      // current is within the directory: asking about its entry looks at nothing outside
      if (Files.isSymbolicLink(next)) {
        if (++links > MAX_LINKS) {
          return Optional.empty();
        }
        Path target;
        try {
          target = Files.readSymbolicLink(next);
        } catch (IOException e) {
          return Optional.empty();
        }
        if (target.isAbsolute()) {
          Path normalized = target.normalize();
          if (!normalized.startsWith(realRoot)) {
            return Optional.empty();
          }
          current = realRoot;
          push(names, realRoot.relativize(normalized));
        } else {
          push(names, target);
        }
        continue;
      }
      current = next;
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        // the rest cannot exist either; resolved lexically, still within
        for (String rest : names) {
          current = current.resolve(rest);
        }
        current = current.normalize();
        return current.startsWith(realRoot) ? Optional.of(current) : Optional.empty();
      }
    }
    return Optional.of(current);
  }

  /** Puts the names of {@code path} in front of {@code names}, in order. */
  private static void push(Deque<String> names, Path path) {
    for (int i = path.getNameCount() - 1; i >= 0; i--) {
      names.push(path.getName(i).toString());
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
