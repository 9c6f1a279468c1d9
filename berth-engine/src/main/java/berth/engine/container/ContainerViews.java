package berth.engine.container;

import berth.api.model.ContainerInspect;
import berth.api.model.ContainerState;
import berth.api.model.ContainerSummary;
import berth.api.model.EndpointSettings;
import berth.api.model.HostConfig;
import berth.api.model.NetworkSettings;
import berth.api.model.GraphDriver;
import berth.api.model.Health;
import berth.api.model.MountPoint;
import berth.engine.runtime.BindMount;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a container's rows as the API's inspect and list shapes. */
final class ContainerViews {
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private ContainerViews() {}

    static ContainerInspect inspect(ContainerRepository.Row row, ContainerLayout layout, List<Path> lowerDirs) {
        return inspect(row, layout, lowerDirs, false, false, null);
    }

    /**
     * {@code restarting}: the container waits out a restart delay, which Docker shows as running and restarting;
     * {@code paused}: the run's cgroup is frozen, which Docker shows as "paused" with Running still true;
     * {@code health}: its health check's state, null without one.
     */
    static ContainerInspect inspect(ContainerRepository.Row row, ContainerLayout layout, List<Path> lowerDirs,
                                    boolean restarting, boolean paused, Health health) {
        return inspect(row, layout, lowerDirs, restarting, paused, health,
                networkSettings(HostConfigDefaults.inForce(row.record().hostConfig())));
    }

    /** {@code networkSettings}: the container's networks as NetworkViews renders them. */
    static ContainerInspect inspect(ContainerRepository.Row row, ContainerLayout layout, List<Path> lowerDirs,
                                    boolean restarting, boolean paused, Health health, NetworkSettings networkSettings) {
        ContainerRecord r = row.record();
        RuntimeState s = row.state();
        String status = restarting ? "restarting" : paused ? "paused" : s.status().docker();
        ContainerState state = new ContainerState(status, s.isRunning() || restarting, paused, restarting, s.oomKilled(),
                s.status() == ContainerStatus.DEAD, s.pid(), s.exitCode(), s.error() == null ? "" : s.error(),
                s.startedAt() == null ? ZERO_TIME : s.startedAt(), s.finishedAt() == null ? ZERO_TIME : s.finishedAt(),
                health);
        Map<String, String> graph = new LinkedHashMap<>();
        graph.put("LowerDir", lowerDirs.stream().map(Path::toString).collect(Collectors.joining(":")));
        graph.put("MergedDir", layout.rootfs().toString());
        graph.put("UpperDir", layout.upper().toString());
        graph.put("WorkDir", layout.work().toString());
        HostConfig hostConfig = HostConfigDefaults.inForce(r.hostConfig());
        return new ContainerInspect(r.id(), r.created(), r.path(), r.args(), state, r.imageId(),
                layout.resolvConf().toString(), layout.hostname().toString(), layout.hosts().toString(),
                layout.log().toString(), "/" + r.name(), s.restartCount(), "overlay2", "linux", "", "", "", null,
                hostConfig, new GraphDriver("overlay2", graph), null, null, mounts(r), r.config(), networkSettings);
    }

    /**
     * A container has its own loopback and nothing else in this release: Docker's answer for a container on the
     * "none" network, with no sandbox of Berth's to name.
     */
    static NetworkSettings networkSettings(HostConfig h) {
        Map<String, EndpointSettings> networks = new LinkedHashMap<>();
        networks.put(networkMode(h), EndpointSettings.unconnected());
        return new NetworkSettings("", "", "", Map.of(), false, "", 0, null, null, "", "", "", 0, "", 0, "", "",
                networks);
    }

    /**
     * SizeRw is what the container wrote (its upper dir); SizeRootFs adds the image's unpacked size, as
     * {@code docker inspect --size} reports both.
     */
    static long writtenBytes(Path upper) {
        long[] total = {0};
        try {
            java.nio.file.Files.walkFileTree(upper, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                    if (a.isRegularFile()) total[0] += a.size();
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (java.io.IOException e) {
            // an upper dir that is gone (a container being removed) has written nothing
        }
        return total[0];
    }

    /** "default" means the daemon's default network, which in this release is none. */
    static String networkMode(HostConfig h) {
        String mode = h.networkMode();
        return mode == null || mode.isEmpty() || mode.equals("default") ? "none" : mode;
    }

    /**
     * The host-path binds as a container from before volumes recorded them; a container's recorded mounts replace
     * these ({@link ContainerMounts#view}), so what this form cannot read (a volume, a tmpfs) is left to them.
     */
    static List<MountPoint> mounts(ContainerRecord r) {
        List<MountPoint> out = new java.util.ArrayList<>();
        try {
            for (BindMount b : BindMount.parseAll(r.hostConfig().binds())) out.add(mountPoint(b, b.readOnly() ? "ro" : ""));
            for (BindMount b : BindMounts.fromMounts(r.hostConfig().mounts(), false)) out.add(mountPoint(b, ""));
        } catch (RuntimeException recordedInstead) {
            return List.of();
        }
        return out;
    }

    private static MountPoint mountPoint(BindMount b, String mode) {
        return new MountPoint("bind", null, b.source(), b.destination(), null, mode, !b.readOnly(), "rprivate");
    }

    static ContainerSummary summary(ContainerRepository.Row row) {
        return summary(row, false, false, null);
    }

    /** {@code healthSuffix}: "(healthy)" and the like, shown after "Up …"; null without a health check. */
    static ContainerSummary summary(ContainerRepository.Row row, boolean restarting, boolean paused, String healthSuffix) {
        String network = networkMode(row.record().hostConfig());
        return summary(row, restarting, paused, healthSuffix, List.of(), Map.of(network, EndpointSettings.unconnected()));
    }

    /** {@code ports}: ps's PORTS entries; {@code networks}: the container's endpoints by network name. */
    static ContainerSummary summary(ContainerRepository.Row row, boolean restarting, boolean paused, String healthSuffix,
                                    List<Map<String, Object>> ports, Map<String, EndpointSettings> networks) {
        ContainerRecord r = row.record();
        String status = restarting ? restartingStatus(row.state(), Instant.now()) : status(row.state(), Instant.now());
        // moby's State.String: a paused container says so instead of its health
        if (!restarting && paused) status += " (Paused)";
        else if (!restarting && healthSuffix != null && row.state().isRunning()) status += " " + healthSuffix;
        Map<String, Object> hostConfig = Map.of("NetworkMode", networkMode(r.hostConfig()));
        return new ContainerSummary(r.id(), List.of("/" + r.name()), r.imageName(), r.imageId(), command(r),
                Instant.parse(r.created()).getEpochSecond(), ports,
                r.config().labels() == null ? Map.of() : r.config().labels(),
                restarting ? "restarting" : paused ? "paused" : row.state().status().docker(), status, hostConfig,
                Map.of("Networks", networks), mounts(r));
    }

    /** moby's list: args containing a space are single-quoted. */
    static String command(ContainerRecord r) {
        StringBuilder sb = new StringBuilder(r.path());
        for (String a : r.args()) sb.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
        return sb.toString();
    }

    /** moby's State.String for a container waiting to be restarted: its last exit and how long ago. */
    static String restartingStatus(RuntimeState s, Instant now) {
        Instant finished = s.finishedAt() == null ? now : Instant.parse(s.finishedAt());
        return "Restarting (" + s.exitCode() + ") " + HumanDuration.of(Duration.between(finished, now)) + " ago";
    }

    static String status(RuntimeState s, Instant now) {
        return switch (s.status()) {
            case RUNNING -> "Up " + HumanDuration.of(Duration.between(Instant.parse(s.startedAt()), now));
            case EXITED -> s.finishedAt() == null ? "Exited (" + s.exitCode() + ")"
                    : "Exited (" + s.exitCode() + ") " + HumanDuration.of(Duration.between(Instant.parse(s.finishedAt()), now)) + " ago";
            case CREATING, CREATED -> "Created";
            case DEAD -> "Dead";
            case REMOVING -> "Removal In Progress";
        };
    }
}
