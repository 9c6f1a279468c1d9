package berth.engine.volume;

import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.Volume;
import berth.api.model.VolumeCreateRequest;
import berth.engine.events.EventService;
import berth.engine.layer.RootPath;
import berth.engine.layer.Trees;
import berth.engine.store.Database;
import berth.engine.sys.Mounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local driver's volumes. Every change of a volume's row or directory happens under one lock, and the rows of a
 * container's mounts are written in one transaction with the volumes they create; deletion checks for mounts in the
 * transaction that deletes the row. So a {@code volume rm} or {@code prune} racing a {@code run} either deletes the
 * volume before the container's mount row exists (the run then creates it anew, empty) or finds the row and refuses.
 * Directory order: created before the row, moved aside (then deleted) after the row is gone; start-up recovery
 * deletes directories without a row.
 */
final class LocalVolumeService implements VolumeService {
    private static final System.Logger LOG = System.getLogger("berth.volume");
    /** The label moby puts on anonymous volumes, which {@code volume prune} (API 1.42+) removes by default. */
    static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";
    private static final String TRASH = ".trash-";

    private final VolumeStore store;
    private final Path root;
    private final EventService events;
    private final ReentrantLock lock = new ReentrantLock();
    /** Copy-ups under way, by volume. */
    private final Map<String, CompletableFuture<Void>> copying = new java.util.concurrent.ConcurrentHashMap<>();
    /** Containers whose start announced its volumes' mount events in this berthd's life, not yet their unmount. */
    private final java.util.Set<String> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();

    LocalVolumeService(Database db, Path dataRoot, EventService events) {
        this.store = new VolumeStore(db);
        this.root = dataRoot.resolve("volumes");
        this.events = events;
    }

    void recover() throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx-----x"));
        try {
            berth.engine.sys.TopDirectory.mark(root); // each volume its own hierarchy, in a group of its own (ext4)
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "volumes directory not marked as top directory: " + e.getMessage());
        }
        Map<String, VolumeRecord> rows = new HashMap<>();
        for (VolumeRecord v : store.list()) rows.put(v.name(), v);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (rows.containsKey(name)) continue;
                // a volume whose removal was interrupted, or whose creation never reached its row
                discard(dir);
            }
        }
        for (VolumeRecord v : rows.values()) Files.createDirectories(dataOf(v.name()));
    }

    @Override
    public Path dataOf(String name) {
        return root.resolve(name).resolve("_data");
    }

    // ---- the volume API ----

    @Override
    public Volume create(VolumeCreateRequest r) {
        if (r.clusterVolumeSpec() != null) {
            throw new InvalidArgumentException("ClusterVolumeSpec is for swarm cluster volumes, which Berth does not have");
        }
        MountParser.checkDriver(r.driver());
        Map<String, String> labels = new LinkedHashMap<>(r.labels() == null ? Map.of() : r.labels());
        String name = r.name();
        boolean anonymous = name == null || name.isEmpty();
        if (anonymous) {
            name = VolumeNames.anonymous();
            labels.put(ANONYMOUS_LABEL, "");
        }
        VolumeNames.check(name);
        Map<String, String> options = r.driverOpts() == null ? Map.of() : r.driverOpts();
        LocalDriver.validate(name, options);
        VolumeRecord v = new VolumeRecord(name, "local", now(), labels, options, anonymous);
        boolean created;
        lock.lock();
        try {
            VolumeRecord existing = store.get(name).orElse(null);
            if (existing != null) return view(existing);
            makeDirectory(name);
            created = store.insert(v);
        } catch (IOException e) {
            throw new berth.api.errors.InternalException("creating volume " + name + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        if (created) published("create", name);
        return view(v);
    }

    @Override
    public Volume inspect(String name) {
        return view(find(name));
    }

    private VolumeRecord find(String name) {
        return store.get(name).orElseThrow(() -> new NotFoundException("get " + name + ": no such volume"));
    }

    @Override
    public List<Volume> list(Map<String, List<String>> filters) {
        VolumeFilter filter = VolumeFilter.forList(filters);
        Map<String, List<String>> users = store.users();
        List<Volume> out = new ArrayList<>();
        for (VolumeRecord v : store.list()) if (filter.matches(v, users.containsKey(v.name()))) out.add(view(v));
        return out;
    }

    @Override
    public void remove(String name, boolean force) {
        Path trash;
        lock.lock();
        try {
            if (store.get(name).isEmpty()) {
                if (force) return;
                throw new NotFoundException("get " + name + ": no such volume");
            }
            List<String> users = store.deleteIfUnused(name);
            if (!users.isEmpty()) {
                throw new ConflictException("remove " + name + ": volume is in use - [" + String.join(", ", users) + "]");
            }
            trash = moveAside(name);
        } finally {
            lock.unlock();
        }
        deleteQuietly(trash);
        published("destroy", name);
    }

    @Override
    public Pruned prune(Map<String, List<String>> filters, boolean all, boolean dryRun) {
        VolumeFilter filter = VolumeFilter.forPrune(filters);
        boolean everyUnused = all || filter.all();
        Map<String, List<String>> users = store.users();
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (VolumeRecord v : store.list()) {
            if (users.containsKey(v.name()) || !filter.matches(v, false)) continue;
            if (!everyUnused && !v.anonymous() && !v.labels().containsKey(ANONYMOUS_LABEL)) continue;
            long size = berth.engine.layer.Trees.regularFileBytes(dataOf(v.name()));
            if (dryRun) {
                deleted.add(v.name());
                reclaimed += size;
                continue;
            }
            try {
                remove(v.name(), true);
                deleted.add(v.name());
                reclaimed += size;
            } catch (ConflictException inUseSinceListed) {
                // a container started using it meanwhile: it stays
            }
        }
        if (!dryRun) events.publish("volume", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new Pruned(deleted, reclaimed);
    }

    @Override
    public List<Volume> usage() {
        Map<String, List<String>> users = store.users();
        List<Volume> out = new ArrayList<>();
        for (VolumeRecord v : store.list()) {
            long refs = users.getOrDefault(v.name(), List.of()).size();
            out.add(view(v).withUsage(new Volume.UsageData(berth.engine.layer.Trees.regularFileBytes(dataOf(v.name())), refs)));
        }
        return out;
    }

    // ---- for containers ----

    @Override
    public List<MountSpec> attach(String containerId, List<MountSpec> mounts) {
        List<MountSpec> out = new ArrayList<>();
        List<VolumeRecord> missing = new ArrayList<>();
        lock.lock();
        try {
            for (MountSpec m : mounts) {
                if (!m.isVolume()) {
                    out.add(m);
                    continue;
                }
                String name = m.unnamed() ? VolumeNames.anonymous() : m.source();
                boolean known = missing.stream().anyMatch(v -> v.name().equals(name)) || store.get(name).isPresent();
                if (!known) {
                    Map<String, String> labels = new LinkedHashMap<>(m.volumeLabels());
                    if (m.unnamed()) labels.put(ANONYMOUS_LABEL, "");
                    makeDirectory(name);
                    missing.add(new VolumeRecord(name, "local", now(), labels, m.driverOptions(), m.unnamed()));
                }
                out.add(m.withSource(name));
            }
            store.attach(containerId, out, missing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
        for (VolumeRecord v : missing) published("create", v.name());
        return out;
    }

    @Override
    public List<MountSpec> mountsOf(String containerId) {
        return store.mounts(containerId);
    }

    @Override
    public Prepared prepare(String containerId, Path rootfs) throws IOException {
        List<HostMount> out = new ArrayList<>();
        List<CompletableFuture<Void>> copies = new ArrayList<>();
        List<MountSpec> mounts = store.mounts(containerId);
        for (MountSpec m : mounts) {
            switch (m.type()) {
                case MountSpec.BIND -> out.add(bind(m));
                case MountSpec.VOLUME -> out.add(volume(m, rootfs, copies));
                default -> out.add(tmpfs(m));
            }
        }
        announceMounts(containerId, mounts);
        return new Prepared(out, copies);
    }

    /** Docker's {@code mount} event per volume (not binds or tmpfs), once the start has them ready. */
    private void announceMounts(String containerId, List<MountSpec> mounts) {
        boolean any = false;
        for (MountSpec m : mounts) {
            if (!m.isVolume()) continue;
            Map<String, String> a = new LinkedHashMap<>();
            a.put("driver", "local");
            a.put("container", containerId);
            a.put("destination", m.destination());
            a.put("read/write", Boolean.toString(!m.readOnly()));
            a.put("propagation", m.propagation());
            events.publish("volume", "mount", m.source(), a);
            any = true;
        }
        if (any) announced.add(containerId);
    }

    @Override
    public void released(String containerId, boolean runEnded) {
        if (!announced.remove(containerId) && !runEnded) return;
        for (MountSpec m : store.mounts(containerId)) {
            if (m.isVolume()) events.publish("volume", "unmount", m.source(), Map.of("driver", "local", "container", containerId));
        }
    }

    private HostMount bind(MountSpec m) throws IOException {
        Path source = Path.of(m.source());
        if (!Files.exists(source)) {
            if (!m.createSource()) {
                throw new InvalidArgumentException("invalid mount config for type \"bind\": bind source path does not exist: "
                        + m.source());
            }
            Files.createDirectories(source);
        }
        Propagation.check(source, m.propagation());
        return new HostMount("bind", m.source(), m.destination(), bindOptions(m));
    }

    private static List<String> bindOptions(MountSpec m) {
        List<String> o = new ArrayList<>();
        o.add(m.recursive().equals("disabled") ? "bind" : "rbind");
        o.add(m.propagation().isEmpty() ? "rprivate" : m.propagation());
        if (m.readOnly()) o.add(m.recursive().equals("readonly") ? "rro" : "ro");
        return o;
    }

    private HostMount volume(MountSpec m, Path rootfs, List<CompletableFuture<Void>> copies) throws IOException {
        Path data = dataOf(m.source());
        lock.lock();
        try {
            VolumeRecord v = store.get(m.source()).orElseThrow(() -> new NotFoundException(
                    "volume " + m.source() + " of this container is gone"));
            Files.createDirectories(data);
            LocalDriver.mount(v.options(), data);
            CompletableFuture<Void> running = copying.get(m.source());
            if (running != null) {
                copies.add(running); // another start is filling it: this one waits for the same copy
            } else if (!m.noCopy() && m.subpath().isEmpty()) {
                Path source = copySource(rootfs, m.destination(), data);
                if (source != null) copies.add(copyInBackground(m.source(), source, data));
            }
        } finally {
            lock.unlock();
        }
        Path source = m.subpath().isEmpty() ? data : subpath(data, m.subpath(), m.source());
        List<String> o = new ArrayList<>(List.of("rbind", "rprivate"));
        if (m.readOnly()) o.add("ro");
        return new HostMount("bind", source.toString(), m.destination(), o);
    }

    /** The sub-path must exist in the volume and lead nowhere outside it, through a symlink or otherwise. */
    private static Path subpath(Path data, String subpath, String volume) throws IOException {
        Path p = data.resolve(subpath);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException("cannot access path " + p + ": the volume-subpath " + subpath
                    + " does not exist in volume " + volume);
        }
        Path real = p.toRealPath();
        if (!real.startsWith(data.toRealPath())) {
            throw new InvalidArgumentException("volume-subpath " + subpath + " of volume " + volume
                    + " leads out of the volume (through a symlink)");
        }
        return real;
    }

    /**
     * Docker copies only into a volume that is still empty; the image's directory is found inside the root. Null when
     * there is nothing to copy.
     */
    private static Path copySource(Path rootfs, String destination, Path data) throws IOException {
        try (DirectoryStream<Path> d = Files.newDirectoryStream(data)) {
            if (d.iterator().hasNext()) return null;
        }
        Path source = RootPath.join(rootfs, RootPath.follow(rootfs, RootPath.clean(destination)));
        return Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS) ? source : null;
    }

    /**
     * The copy runs beside the rest of the start (conmon, runc create, the network), marked so that another start of
     * the same volume meanwhile waits for it rather than copying again or seeing it half full.
     */
    private CompletableFuture<Void> copyInBackground(String name, Path source, Path data) {
        CompletableFuture<Void> copy = new CompletableFuture<>();
        copying.put(name, copy);
        // a platform thread: the copy is FFM calls, which never unmount a virtual thread, so on a virtual one it would
        // hold one of the scheduler's few carriers (one per core) from the start path and the requests beside it
        Thread.ofPlatform().name("copy-up " + name).daemon().start(() -> {
            try {
                CopyUp.copy(source, data);
                copy.complete(null);
            } catch (Throwable t) {
                copy.completeExceptionally(t);
            } finally {
                copying.remove(name, copy);
            }
        });
        return copy;
    }

    private static HostMount tmpfs(MountSpec m) {
        List<String> o = new ArrayList<>(List.of("nosuid", "nodev", "noexec", "rprivate"));
        if (m.readOnly()) o.add("ro");
        if (m.tmpfsSize() > 0) o.add("size=" + m.tmpfsSize());
        if (m.tmpfsMode() != null) o.add("mode=" + Integer.toOctalString(m.tmpfsMode()));
        return new HostMount("tmpfs", "tmpfs", m.destination(), o);
    }

    @Override
    public List<String> anonymous(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            store.get(n).filter(v -> v.anonymous() || v.labels().containsKey(ANONYMOUS_LABEL)).ifPresent(v -> out.add(n));
        }
        return out;
    }

    @Override
    public void removeUnused(Collection<String> names) {
        for (String name : names) {
            try {
                remove(name, true);
            } catch (ConflictException stillUsed) {
                // another container (--volumes-from) still uses it
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "removing volume " + name + ": " + e.getMessage());
            }
        }
    }

    // ---- files ----

    private void makeDirectory(String name) throws IOException {
        Path dir = root.resolve(name);
        Files.createDirectories(dir.resolve("_data"));
    }

    /** Under the lock, with the row gone: the driver's mount undone, the directory renamed out of the way. */
    private Path moveAside(String name) {
        Path dir = root.resolve(name);
        Path trash = root.resolve(TRASH + UUID.randomUUID());
        try {
            Mounts.unmount(dir.resolve("_data"));
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) Files.move(dir, trash);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "moving removed volume " + name + " aside: " + e.getMessage());
        }
        return trash;
    }

    private static void discard(Path dir) {
        try {
            Path data = dir.resolve("_data");
            if (Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS) && Mounts.isMounted(data)) Mounts.unmount(data);
            Trees.delete(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "deleting leftover volume directory " + dir + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path trash) {
        try {
            Trees.delete(trash);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "deleting removed volume " + trash + ": " + e.getMessage());
        }
    }

    // ---- views ----

    private Volume view(VolumeRecord v) {
        return new Volume(v.created(), v.driver(), v.labels(), dataOf(v.name()).toString(), v.name(),
                v.options().isEmpty() ? null : v.options(), "local", null);
    }

    private void published(String action, String name) {
        events.publish("volume", action, name, Map.of("driver", "local"));
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
