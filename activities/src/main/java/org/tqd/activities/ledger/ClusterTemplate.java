package org.tqd.activities.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy of a cluster as {@code initdb} left it, kept once per machine so that the next embedded
 * ledger created on it is copied (a fraction of a second) instead of initialised (seconds: {@code
 * initdb} bootstraps and fills the template databases). The copy is taken after {@code initdb} and
 * before the server first starts, so it is the same pristine cluster {@code initdb} would make; a
 * cluster made from it starts as one {@code initdb} made (its own directory, port and settings come
 * from the command line). It is only a cache: when it is missing, incomplete or refused by the
 * server, the cluster is made by {@code initdb} and the template taken again.
 *
 * <p>Its name carries the PostgreSQL major version and {@link #FORMAT}, which changes with {@code
 * initdb}'s options.
 */
final class ClusterTemplate {

  private static final Logger log = LoggerFactory.getLogger(ClusterTemplate.class);

  /** Changes whenever the options tqd runs {@code initdb} with change. */
  static final String FORMAT = "v1";

  /** Written last: a template without it was being written when its writer stopped. */
  static final String COMPLETE = "tqd-template-complete";

  /** Files of a data directory that belong to one server's run, not to the cluster. */
  private static final Set<String> RUN_FILES =
      Set.of("epg-lock", "postmaster.pid", "postmaster.opts", COMPLETE);

  private final Path directory;

  ClusterTemplate(Path directory) {
    this.directory = directory;
  }

  /**
   * The template of this user ({@code $HOME/.tqd}, beside the default ledger, where no other user
   * can write: a cluster's configuration can run commands) for this PostgreSQL major version.
   */
  static ClusterTemplate forUser(Path tqdDirectory, int majorVersion) {
    return new ClusterTemplate(
        tqdDirectory.resolve("cluster-template-pg" + majorVersion + "-" + FORMAT));
  }

  Path directory() {
    return directory;
  }

  /** Whether a complete template is there to copy. */
  boolean available() {
    return Files.isRegularFile(directory.resolve(COMPLETE))
        && Files.isRegularFile(directory.resolve("postgresql.conf"));
  }

  /**
   * Copies the template into {@code dataDirectory} (existing and empty). On failure the directory
   * is emptied again, so that {@code initdb} can run there, and the exception is rethrown.
   */
  void copyInto(Path dataDirectory) throws IOException {
    try {
      copyTree(directory, dataDirectory);
    } catch (IOException | RuntimeException e) {
      emptyDirectory(dataDirectory);
      throw e;
    }
  }

  /**
   * Takes {@code dataDirectory}, just made by {@code initdb} and not started, as the template,
   * unless one is there already. Written beside its final place and moved there in one step, so a
   * reader never sees half a template; a failure is logged and leaves no template.
   */
  void saveFrom(Path dataDirectory) {
    if (available()) {
      return;
    }
    Path partial =
        directory.resolveSibling(
            directory.getFileName() + ".partial-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(directory.getParent());
      deleteTree(partial);
      Files.createDirectory(partial);
      copyTree(dataDirectory, partial);
      Files.writeString(partial.resolve(COMPLETE), "");
      deleteIncomplete();
      try {
        Files.move(partial, directory, StandardCopyOption.ATOMIC_MOVE);
        log.debug(
            "Kept the new cluster as the template for the next embedded ledger: {}", directory);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        deleteTree(partial); // another process kept its copy first
      } catch (IOException e) {
        if (available()) {
          deleteTree(partial); // another process kept its copy first (directory not empty)
        } else {
          throw e;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      log.debug("Could not keep a cluster template in {}: {}", directory, e.toString());
      try {
        deleteTree(partial);
      } catch (IOException ignored) {
        // a leftover partial copy is never read; the next save removes it
      }
    }
  }

  /** Removes the template (after the server refused a cluster made from it). */
  void discard() {
    // Renamed first, in one step: a process copying it at this moment fails on a missing file and
    // makes its cluster with initdb, instead of copying the part not yet deleted.
    Path doomed =
        directory.resolveSibling(
            directory.getFileName() + ".discarded-" + ProcessHandle.current().pid());
    try {
      Files.move(directory, doomed, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(doomed);
    } catch (IOException e) {
      log.debug("Could not remove the cluster template {}: {}", directory, e.toString());
    }
  }

  private void deleteIncomplete() {
    if (Files.exists(directory) && !available()) {
      discard();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Path target = to.resolve(from.relativize(dir).toString());
            if (dir.equals(from)) {
              // PostgreSQL starts only on a data directory no one else may read (0700 or 0750).
              Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
            } else {
              Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (file.getParent().equals(from)
                && RUN_FILES.contains(file.getFileName().toString())) {
              return FileVisitResult.CONTINUE;
            }
            Files.copy(
                file,
                to.resolve(from.relativize(file).toString()),
                StandardCopyOption.COPY_ATTRIBUTES,
                LinkOption.NOFOLLOW_LINKS);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void emptyDirectory(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.toList()) {
        deleteTree(child);
      }
    }
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
