package berth.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A class archive (dynamic CDS) of one of Berth's jars for this test run: the suite starts berthd and the berth CLI
 * hundreds of times, and a JVM that maps its classes from an archive skips parsing and verifying them (a few tenths of
 * a second of CPU for the CLI, about a second for berthd). The first JVM writes the archive when it exits, under a
 * name of its own; only once it ended cleanly does the archive take its final name, so that no JVM ever maps a file
 * that is half written (a JVM that was killed, or that is still running, leaves the others without an archive).
 */
final class ClassArchive {
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-Xlog:aot=off");

    private final Path file;
    private final Path partial;
    private boolean ready;
    private boolean writing;

    /** An archive made anew in this run (the jar may have changed since the last one): berth-it/target/{@code name}. */
    ClassArchive(String name) {
        file = BerthRoot.root().resolve("berth-it/target").resolve(name);
        partial = file.resolveSibling(name + ".part");
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one JVM start is given: its options, and whether it is the one writing the archive. */
    record Use(List<String> options, boolean writes) {}

    /** The options for the next JVM; report its end with {@link #ended}. */
    synchronized Use next() {
        if (ready) return new Use(withQuiet("-XX:SharedArchiveFile=" + file), false);
        if (writing) return new Use(List.of(), false);
        writing = true;
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Use(withQuiet("-XX:ArchiveClassesAtExit=" + partial), true);
    }

    /** The JVM given {@code use} has exited; {@code cleanly} when it ended by itself or on SIGTERM, not by SIGKILL. */
    synchronized void ended(Use use, boolean cleanly) {
        if (!use.writes()) return;
        writing = false;
        try {
            if (cleanly && Files.isRegularFile(partial) && Files.size(partial) > 0) {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                ready = true;
            } else {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            // no archive: later JVMs try again
        }
    }

    private static List<String> withQuiet(String option) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(option), QUIET.stream()).toList();
    }
}
