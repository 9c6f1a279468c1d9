package berth.engine.system;

import berth.api.model.ContainerSummary;
import berth.api.model.SystemInfo;
import berth.engine.EngineConfig;
import berth.engine.container.ContainerService;
import berth.engine.image.ImageService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /info}: counts from the services, facts about the host read once from /proc and /etc. */
public final class SystemInfoProvider {
    private final EngineConfig config;
    private final ImageService images;
    private final ContainerService containers;
    private final String id;
    private final String kernel = read("/proc/sys/kernel/osrelease", "");
    private final String hostname = read("/proc/sys/kernel/hostname", "localhost");
    private final String os = osName();
    private final long memTotal = memTotal();

    public SystemInfoProvider(EngineConfig config, ImageService images, ContainerService containers, String id) {
        this.config = config;
        this.images = images;
        this.containers = containers;
        this.id = id;
    }

    public SystemInfo info(int eventListeners) {
        List<ContainerSummary> all = containers.list(new ContainerService.ContainerListOptions(true, -1, false, Map.of()));
        int running = (int) all.stream().filter(c -> "running".equals(c.state())).count();
        int paused = (int) all.stream().filter(c -> "paused".equals(c.state())).count();
        int imageCount = images.list(new ImageService.ImageListOptions(false, Map.of())).size();
        boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        return new SystemInfo(id, all.size(), running, paused, all.size() - running - paused, imageCount, "overlay2",
                List.of(List.of("Backing Filesystem", "extfs"), List.of("Supports d_type", "true")),
                true, false, true, true, true, config.debug(), openFiles(), Thread.activeCount(),
                Instant.now().toString(), config.defaultLogDriver(), "cgroupfs", v2 ? "2" : "1", eventListeners, kernel, os, "",
                "linux", "x86_64", Runtime.getRuntime().availableProcessors(), memTotal, "https://index.docker.io/v1/",
                Map.of("InsecureRegistryCIDRs", List.of("127.0.0.0/8"), "IndexConfigs", Map.of(), "Mirrors", List.of()),
                config.dataRoot().toString(), hostname, List.of(), false, "28.2.2",
                Map.of("runc", Map.of("path", config.runc().toString())), "runc", Map.of("LocalNodeState", "inactive"),
                true, "", "tini", List.of("name=cgroupns"), List.of());
    }

    private static int openFiles() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(String path, String fallback) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            return fallback;
        }
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) return line.substring(12).replace("\"", "");
            }
        } catch (IOException e) {
            // fall through
        }
        return "Linux";
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return 0;
    }
}
