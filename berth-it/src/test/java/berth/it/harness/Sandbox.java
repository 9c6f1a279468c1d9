package berth.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A short temporary directory (/tmp/bit-XXXXXX: a unix socket path must fit in 108 bytes) and its safe removal:
 * processes rooted or named inside it are killed, anything still mounted under it is lazily unmounted, then it is
 * deleted. Removal must work even when the daemon that made the mounts died half-way.
 */
public final class Sandbox implements AutoCloseable {
    private final Path dir;

    private Sandbox(Path dir) {
        this.dir = dir;
    }

    public static Sandbox create() {
        try {
            return new Sandbox(Files.createTempDirectory(Path.of("/tmp"), "bit-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Mount points at or below {@code under}, deepest first (the order in which to unmount them). */
    public static List<String> mountsUnder(Path under) {
        String prefix = under.toString();
        List<String> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String mountPoint = unescape(line.split(" ")[4]);
                if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) found.add(mountPoint);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparingInt(String::length).reversed());
        return found;
    }

    /** Processes whose root directory or command line is inside {@code under}: containers and their conmons. */
    public static List<ProcessHandle> processesUnder(Path under) {
        String prefix = under.toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> rootOf(p).map(r -> r.startsWith(prefix)).orElse(false)
                        || p.info().commandLine().map(c -> c.contains(prefix)).orElse(false))
                .toList();
    }

    /**
     * Killed without runc delete, the containers left running would leave their cgroups behind (/berth/<id> in every
     * hierarchy); once their processes are gone, the empty directories are removed by the IDs under the data root.
     */
    private void removeCgroups(List<ProcessHandle> killed) {
        for (ProcessHandle p : killed) {
            try {
                p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // a process that does not go keeps its cgroup: nothing more to do here
            }
        }
        Path containers = dir.resolve("data").resolve("containers");
        if (!Files.isDirectory(containers)) return;
        try (var ids = Files.list(containers); var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            List<Path> roots = hierarchies.map(h -> h.resolve("berth")).filter(Files::isDirectory).toList();
            for (Path id : ids.toList()) {
                for (Path root : roots) {
                    try {
                        Files.deleteIfExists(root.resolve(id.getFileName().toString()));
                    } catch (IOException e) {
                        // still in use, or not a cgroup of ours
                    }
                }
            }
        } catch (IOException e) {
            // no cgroup file system: nothing to remove
        }
    }

    private static Optional<String> rootOf(ProcessHandle p) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "root")).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    @Override
    public void close() {
        List<ProcessHandle> left = processesUnder(dir);
        for (ProcessHandle p : left) p.destroyForcibly();
        removeCgroups(left);
        for (String m : mountsUnder(dir)) {
            ProcessRunner.run(List.of("umount", "-l", m), java.util.Map.of(), null, Duration.ofSeconds(20));
        }
        ProcessRunner.run(List.of("rm", "-rf", "--one-file-system", dir.toString()), java.util.Map.of(), null,
                Duration.ofMinutes(2));
    }
}
