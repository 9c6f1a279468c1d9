package berth.engine.volume;

import berth.api.model.Volume;
import berth.api.model.VolumeCreateRequest;
import berth.engine.events.EventService;
import berth.engine.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Volumes of the local driver, and the mounts of containers that use them. A volume that a container's mount names
 * is never deleted: the reference is a row written before the container exists for anyone, and deletion checks it in
 * the same transaction.
 */
public interface VolumeService {

    /** Opens the volumes under {@code <dataRoot>/volumes} and finishes what a crash interrupted. */
    static VolumeService open(Database db, Path dataRoot, EventService events) throws IOException {
        LocalVolumeService service = new LocalVolumeService(db, dataRoot, events);
        service.recover();
        return service;
    }

    // ---- the volume API ----

    /** Creates a volume, or returns the existing one of that name (as Docker does). */
    Volume create(VolumeCreateRequest request);

    Volume inspect(String name);

    /** Filters: dangling, name, label, driver. */
    List<Volume> list(Map<String, List<String>> filters);

    /** Refused while a container uses it; {@code force} only makes a missing volume no error. */
    void remove(String name, boolean force);

    record Pruned(List<String> deleted, long spaceReclaimed) {}

    /**
     * Unused volumes; only anonymous ones unless {@code all} (or the filter all=true). Filters: label, label!, all.
     * {@code dryRun}: what would go, nothing removed.
     */
    Pruned prune(Map<String, List<String>> filters, boolean all, boolean dryRun);

    /** Every volume with its UsageData (bytes on disk, containers using it), for {@code /system/df}. */
    List<Volume> usage();

    // ---- for containers ----

    /**
     * Records a container's mounts (its row must exist): anonymous volumes get a name, volumes that do not exist yet
     * are created. Returns the mounts as recorded.
     */
    List<MountSpec> attach(String containerId, List<MountSpec> mounts);

    /** The container's recorded mounts, in order; empty for a container created before volumes existed. */
    List<MountSpec> mountsOf(String containerId);

    /** What a mount is on the host at start: a path to bind, or a tmpfs; {@code options} for the OCI spec. */
    record HostMount(String type, String source, String destination, List<String> options) {}

    /**
     * A start's mounts, and the copies of the image's content into empty volumes, which run while the start goes on:
     * {@link #awaitCopies} before the container's process runs (and before its root is unmounted on failure).
     */
    record Prepared(List<HostMount> mounts, List<java.util.concurrent.CompletableFuture<Void>> copies) {
        public void awaitCopies() throws IOException {
            for (var c : copies) {
                try {
                    c.join();
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    throw new IOException(e.getCause());
                }
            }
        }
    }

    /**
     * Before a start, with the container's root mounted at {@code rootfs}: mounts volume devices, starts copying the
     * image's content into empty volumes, creates missing {@code -v} host paths, checks sub-paths and propagation;
     * then publishes a {@code mount} event per volume.
     */
    Prepared prepare(String containerId, Path rootfs) throws IOException;

    /**
     * Publishes Docker's {@code unmount} event for each volume of the container: when its run ended
     * ({@code runEnded}, whichever berthd started it), or when a start failed after its volumes' {@code mount} events.
     */
    void released(String containerId, boolean runEnded);

    /** The volumes among {@code names} that are anonymous. */
    List<String> anonymous(Collection<String> names);

    /** Removes those of the volumes that no container uses any more (after {@code rm -v}); the others stay. */
    void removeUnused(Collection<String> names);

    /** The host directory of a volume's data. */
    Path dataOf(String name);
}
