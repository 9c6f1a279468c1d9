package berth.engine.container;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.ContainerConfig;
import berth.api.model.HostConfig;
import berth.api.model.MountPoint;
import berth.engine.runtime.BindMount;
import berth.engine.volume.MountParser;
import berth.engine.volume.MountSpec;
import berth.engine.volume.VolumeService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container's mounts: planned at create from {@code -v}, {@code --mount}, {@code --volumes-from} and the image's
 * VOLUMEs (explicit mounts first, then those of the other containers, then anonymous volumes for the destinations
 * still free, as Docker orders them), recorded with the volume service, made ready at each start, shown by inspect.
 * A container created before volumes existed has no recorded mounts: its host-path binds are read from its
 * HostConfig as before.
 */
final class ContainerMounts {
    private final VolumeService volumes;
    private final ContainerRepository repo;

    ContainerMounts(VolumeService volumes, ContainerRepository repo) {
        this.volumes = volumes;
        this.repo = repo;
    }

    VolumeService volumes() {
        return volumes;
    }

    /** The explicit mounts of a HostConfig, checked; nothing is created. */
    static List<MountSpec> parse(HostConfig h) {
        MountParser.checkDriver(h.volumeDriver());
        List<MountSpec> out = new ArrayList<>();
        if (h.binds() != null) for (String b : h.binds()) out.add(MountParser.bind(b));
        if (h.mounts() != null) for (Object m : h.mounts()) out.add(MountParser.mount(Json.mapper().valueToTree(m)));
        MountParser.checkDuplicates(out);
        return out;
    }

    /** Every mount of a container about to be created, in Docker's order of precedence; refuses bad input. */
    List<MountSpec> plan(HostConfig h, ContainerConfig merged) {
        List<MountSpec> out = parse(h);
        Set<String> taken = new HashSet<>();
        for (MountSpec m : out) taken.add(m.destination());
        if (h.tmpfs() != null) for (String t : h.tmpfs().keySet()) taken.add(Path.of(t).normalize().toString());
        if (h.volumesFrom() != null) {
            for (String from : h.volumesFrom()) {
                String[] parts = from.split(":", -1);
                if (parts.length > 2 || parts[0].isEmpty()
                        || (parts.length == 2 && !parts[1].equals("ro") && !parts[1].equals("rw"))) {
                    throw new InvalidArgumentException("invalid mode: " + (parts.length == 2 ? parts[1] : from));
                }
                ContainerRecord source = repo.resolve(parts[0]).record();
                for (MountSpec m : of(source)) {
                    if (m.type().equals(MountSpec.TMPFS) || !taken.add(m.destination())) continue;
                    out.add(parts.length == 2 ? m.withReadOnly(parts[1].equals("ro")) : m);
                }
            }
        }
        Map<String, Object> anonymous = merged.volumes();
        if (anonymous != null) {
            for (String dest : anonymous.keySet()) {
                MountSpec m = MountParser.anonymous(dest);
                if (taken.add(m.destination())) out.add(m);
            }
        }
        return out;
    }

    /** Records the planned mounts of a container whose row exists; anonymous volumes get their names here. */
    void attach(String id, List<MountSpec> planned) {
        if (!planned.isEmpty()) volumes.attach(id, planned);
    }

    /** The container's mounts as recorded (or, for a container from before volumes, as its binds say). */
    List<MountSpec> of(ContainerRecord r) {
        List<MountSpec> recorded = volumes.mountsOf(r.id());
        if (!recorded.isEmpty()) return recorded;
        List<MountSpec> legacy = new ArrayList<>();
        for (BindMount b : BindMount.parseAll(r.hostConfig().binds())) legacy.add(legacyBind(b, b.readOnly() ? "ro" : ""));
        for (BindMount b : BindMounts.fromMounts(r.hostConfig().mounts(), false)) legacy.add(legacyBind(b, ""));
        return legacy;
    }

    private static MountSpec legacyBind(BindMount b, String mode) {
        return new MountSpec(MountSpec.BIND, b.source(), b.destination(), b.readOnly(), mode, "rprivate", false, "",
                "enabled", true, 0, null, Map.of(), Map.of());
    }

    /** What runc mounts beside the root, and the copy-ups to wait for before the container's process runs. */
    record Prepared(List<BindMount> binds, VolumeService.Prepared volumes) {
        void awaitCopies() throws IOException {
            if (volumes != null) volumes.awaitCopies();
        }

        /** On a failed start, before its root is unmounted: a copy must not lose its source halfway. */
        void awaitCopiesQuietly() {
            try {
                awaitCopies();
            } catch (IOException | RuntimeException e) {
                // the start fails anyway, with its own error
            }
        }
    }

    /** At start, with the root mounted. */
    Prepared prepare(ContainerRecord r, Path rootfs) throws IOException {
        if (volumes.mountsOf(r.id()).isEmpty()) return new Prepared(ProcessSpecs.binds(r), null);
        List<BindMount> out = new ArrayList<>();
        VolumeService.Prepared prepared = volumes.prepare(r.id(), rootfs);
        for (VolumeService.HostMount m : prepared.mounts()) {
            out.add(new BindMount(m.source(), m.destination(), m.options().contains("ro") || m.options().contains("rro"),
                    m.type(), m.options()));
        }
        return new Prepared(out, prepared);
    }

    /** A run ended, or a start failed after its mounts were ready: the volumes' unmount events. */
    void released(String id, boolean runEnded) {
        volumes.released(id, runEnded);
    }

    /** inspect's Mounts, as Docker shows them. */
    List<MountPoint> view(ContainerRecord r) {
        List<MountPoint> out = new ArrayList<>();
        for (MountSpec m : of(r)) {
            switch (m.type()) {
                case MountSpec.VOLUME -> out.add(new MountPoint("volume", m.source(), volumes.dataOf(m.source()).toString(),
                        m.destination(), "local", m.mode(), !m.readOnly(), ""));
                case MountSpec.BIND -> out.add(new MountPoint("bind", null, m.source(), m.destination(), null, m.mode(),
                        !m.readOnly(), m.propagation()));
                default -> out.add(new MountPoint("tmpfs", null, "", m.destination(), null, "", !m.readOnly(), ""));
            }
        }
        return out;
    }

    /** The anonymous volumes a container uses: what {@code rm -v} and {@code --rm} remove with it. */
    List<String> anonymousVolumes(String id) {
        List<String> names = new ArrayList<>();
        for (MountSpec m : volumes.mountsOf(id)) if (m.isVolume()) names.add(m.source());
        return volumes.anonymous(names);
    }

    /** A host path of the container's filesystem that a mount covers: the mount's source and the rest of the path. */
    record Covered(Path hostRoot, String rest, String destination, boolean readOnly) {}

    /** The deepest bind or volume mount covering {@code path} (absolute, cleaned), or null. */
    Covered covering(ContainerRecord r, String path) {
        Covered best = null;
        for (MountSpec m : of(r)) {
            if (m.type().equals(MountSpec.TMPFS)) continue;
            String d = m.destination();
            if (!(path.equals(d) || path.startsWith(d.endsWith("/") ? d : d + "/"))) continue;
            if (best != null && best.destination().length() >= d.length()) continue;
            Path host = m.isVolume() ? volumes.dataOf(m.source()) : Path.of(m.source());
            if (m.isVolume() && !m.subpath().isEmpty()) host = host.resolve(m.subpath());
            best = new Covered(host, path.substring(d.length()), d, m.readOnly());
        }
        return best;
    }
}
