package berth.engine.system;

import berth.api.model.ContainerSummary;
import berth.api.model.SystemInfo;
import berth.engine.EngineConfig;
import berth.engine.container.ContainerService;
import berth.engine.container.SecurityInfo;
import berth.engine.image.ImageService;
import berth.engine.sys.NativeException;
import berth.engine.sys.StatFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /info}: counts from the store, facts about the host and its kernel (read on first use, then kept: they
 * do not change while berthd runs), and what the configuration makes Berth do. What Berth cannot know is left out.
 */
public final class SystemInfoProvider {
    /** Berth's layer layout is overlay2's (lower dirs per layer, one upper and work dir per container). */
    static final String DRIVER = "overlay2";
    /** The registry that short names ("busybox") resolve to. */
    static final String INDEX_SERVER = "https://index.docker.io/v1/";

    private final EngineConfig config;
    private final ImageService images;
    private final ContainerService containers;
    private final String id;
    private final String serverVersion;
    private final Supplier<Host> host;

    public SystemInfoProvider(EngineConfig config, ImageService images, ContainerService containers, String id,
                              String serverVersion, Components components) {
        this.config = config;
        this.images = images;
        this.containers = containers;
        this.id = id;
        this.serverVersion = serverVersion;
        this.host = memoize(() -> Host.probe(config, components, Path.of("/")));
    }

    public SystemInfo info(int eventListeners) {
        List<ContainerSummary> all = containers.list(new ContainerService.ContainerListOptions(true, -1, false, Map.of()));
        int running = (int) all.stream().filter(c -> "running".equals(c.state())).count();
        int paused = (int) all.stream().filter(c -> "paused".equals(c.state())).count();
        int imageCount = images.list(new ImageService.ImageListOptions(false, Map.of())).size();
        Host h = host.get();
        CgroupFeatures cg = h.cgroups();
        return new SystemInfo(id, all.size(), running, paused, all.size() - running - paused, imageCount, DRIVER,
                h.backingFilesystem() == null ? List.of() : List.of(List.of("Backing Filesystem", h.backingFilesystem())),
                cg.memoryLimit(), cg.swapLimit(), cg.kernelMemory(), cg.kernelMemoryTcp(), cg.cpuCfsPeriod(),
                cg.cpuCfsQuota(), cg.cpuShares(), cg.cpuSet(), cg.pidsLimit(), cg.oomKillDisable(),
                h.ipv4Forwarding(), h.bridgeNfIptables(), h.bridgeNfIp6tables(), config.debug(),
                count(Path.of("/proc/self/fd")), count(Path.of("/proc/self/task")), Instant.now().toString(),
                config.defaultLogDriver(), cg.version() == null ? "none" : "cgroupfs", cg.version(), eventListeners,
                h.facts().kernelVersion(), h.facts().operatingSystem(), h.facts().osVersion(), "linux",
                h.facts().architecture(), Runtime.getRuntime().availableProcessors(), h.facts().memTotal(), INDEX_SERVER,
                registryConfig(config), config.dataRoot().toString(), h.hostname(), List.of(), false, serverVersion,
                Map.of("runc", new SystemInfo.Runtime(config.runc().toString())), "runc",
                Map.of("LocalNodeState", "inactive", "NodeID", "", "NodeAddr", "", "ControlAvailable", false, "Error", ""),
                true, h.init().map(v -> v.path().getFileName().toString()).orElse(null),
                h.runc().map(v -> new SystemInfo.Commit(v.commit() != null ? v.commit() : v.version())).orElse(null),
                h.init().map(v -> new SystemInfo.Commit(v.commit() != null ? v.commit() : v.version())).orElse(null),
                SECURITY_OPTIONS, h.warnings(), plugins(config));
    }

    /** What Berth applies to every container by default beyond namespaces (container.SecurityInfo). */
    static final List<String> SECURITY_OPTIONS = SecurityInfo.defaults();

    /**
     * The drivers Berth has: bridge, host and null networks (none when berthd runs without networks), and the log
     * drivers it applies.
     */
    static Map<String, List<String>> plugins(EngineConfig config) {
        Map<String, List<String>> plugins = new LinkedHashMap<>();
        plugins.put("Volume", List.of());
        plugins.put("Network", config.network().enabled() ? List.of("bridge", "host", "null") : List.of("null"));
        plugins.put("Authorization", null);
        plugins.put("Log", List.of("json-file", "local", "none"));
        return plugins;
    }

    /**
     * As dockerd reports it: the insecure CIDRs (loopback always, then those configured), docker.io with its mirrors,
     * every insecure registry named (not secure), and the mirrors.
     */
    static SystemInfo.RegistryConfig registryConfig(EngineConfig config) {
        List<String> mirrors = config.registry().mirrors().stream().map(java.net.URI::toString).toList();
        Map<String, SystemInfo.IndexInfo> indexes = new LinkedHashMap<>();
        indexes.put("docker.io", new SystemInfo.IndexInfo("docker.io", mirrors, true, true));
        for (String name : config.insecureRegistryNames()) {
            indexes.put(name, new SystemInfo.IndexInfo(name, List.of(), false, false));
        }
        return new SystemInfo.RegistryConfig(config.insecureRegistryCidrs(), indexes, mirrors);
    }

    private static int count(Path dir) {
        try (var s = Files.list(dir)) {
            return (int) s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The host facts, probed once. {@code root} is "/" except in tests. */
    record Host(HostFacts facts, String hostname, CgroupFeatures cgroups, String backingFilesystem,
                boolean ipv4Forwarding, boolean bridgeNfIptables, boolean bridgeNfIp6tables,
                Optional<BinaryVersion> runc, Optional<BinaryVersion> init) {

        static Host probe(EngineConfig config, Components components, Path root) {
            return new Host(HostFacts.read(root), HostFacts.text(root.resolve("proc/sys/kernel/hostname"), null),
                    CgroupFeatures.probe(HostFacts.text(root.resolve("proc/self/mountinfo"), "")),
                    backingFilesystem(config.dataRoot()),
                    sysctlOn(root, "net/ipv4/ip_forward"), sysctlOn(root, "net/bridge/bridge-nf-call-iptables"),
                    sysctlOn(root, "net/bridge/bridge-nf-call-ip6tables"),
                    components.runc(), components.init());
        }

        List<String> warnings() {
            List<String> out = new ArrayList<>(cgroups.warnings());
            if (!ipv4Forwarding) out.add("WARNING: IPv4 forwarding is disabled");
            return out;
        }

        private static boolean sysctlOn(Path root, String key) {
            return "1".equals(HostFacts.text(root.resolve("proc/sys").resolve(key), null));
        }

        private static String backingFilesystem(Path dataRoot) {
            try {
                return BackingFilesystem.name(StatFs.type(dataRoot));
            } catch (NativeException e) {
                return null;
            }
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        if (value == null) value = supplier.get();
                        v = value;
                    }
                }
                return v;
            }
        };
    }
}
