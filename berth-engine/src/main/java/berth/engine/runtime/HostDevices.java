package berth.engine.runtime;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host's device nodes as OCI {@code linux.devices} entries, for {@code --privileged}: what runc's
 * devices.HostDevices finds, skipping the directories every container gets its own of (pts, shm, mqueue, fd) and the
 * console.
 */
final class HostDevices {
    private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");

    private HostDevices() {}

    static List<Map<String, Object>> under(Path dev) {
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            Files.walkFileTree(dev, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(dev) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isOther() && !file.getFileName().toString().equals("console")) {
                        Map<String, Object> d = device(file);
                        if (d != null) out.add(d);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // no /dev to read: the container gets the standard devices only
        }
        return out;
    }

    private static Map<String, Object> device(Path file) throws IOException {
        DeviceNode node = DeviceNode.of(file, file.toString());
        return node == null ? null : node.toOci();
    }
}
