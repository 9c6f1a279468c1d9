package berth.engine.container;

import berth.engine.layer.Trees;
import berth.engine.runtime.ExitWatcher;
import berth.engine.runtime.Runc;
import berth.engine.sys.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Undoes what a start set up: runc's state, the rootfs mount, the attach link and the exit file; the upper dir and
 * the log stay. {@code runc delete} (~15 ms, a process) runs in the background so that an exit is reported without
 * waiting for it; a new start of the same container first waits for its own pending delete.
 */
final class RuntimeCleanup implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("berth.container");

    private final Runc runc;
    private final ExitWatcher exits;
    private final NetworkAttachment network;
    private final Map<String, CompletableFuture<Void>> pendingDeletes = new ConcurrentHashMap<>();

    RuntimeCleanup(Runc runc, ExitWatcher exits, NetworkAttachment network) {
        this.runc = runc;
        this.exits = exits;
        this.network = network;
    }

    /** Idempotent: a second call while the first one's runc delete is still running spawns no other. */
    void cleanup(String id, ContainerLayout l) {
        if (!pendingDeletes.containsKey(id) && hasRuntimeState(id)) deleteInBackground(id);
        detachNetwork(id);
        unmount(id, l);
    }

    /** The run's network goes with its run: netavark's teardown needs the namespace, which is deleted after it. */
    private void detachNetwork(String id) {
        try {
            network.detach(id);
        } catch (RuntimeException e) {
            // recovery tears down a sandbox left behind at the next start of berthd
            LOG.log(System.Logger.Level.WARNING, "detaching the network of " + id + ": " + e.getMessage());
        }
    }

    boolean hasNetwork(String id) {
        return network.hasSandbox(id);
    }

    private void unmount(String id, ContainerLayout l) {
        try {
            Mounts.unmount(l.rootfs());
            Mounts.unmount(l.shm());
            Files.deleteIfExists(l.shortLink());
        } catch (IOException e) {
            // a leaked mount is unmounted again at the next start or at recovery
            LOG.log(System.Logger.Level.WARNING, "unmounting " + l.rootfs() + ": " + e.getMessage());
        }
        clearExitFile(id);
    }

    /**
     * After a reboot: runc's state names processes of an earlier boot, so it is deleted as files, never through
     * {@code runc delete} (which would signal whatever holds those pids now); the mount and links go as usual.
     */
    void forget(String id, ContainerLayout l) {
        try {
            Trees.delete(runc.root().resolve(id));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "deleting runc state of " + id + ": " + e.getMessage());
        }
        detachNetwork(id);
        unmount(id, l);
    }

    private void deleteInBackground(String id) {
        CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> {
            try {
                runc.delete(id);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "runc delete " + id + ": " + e.getMessage());
            }
        }, command -> Thread.ofVirtual().start(command));
        pendingDeletes.put(id, delete);
        delete.whenComplete((v, e) -> pendingDeletes.remove(id, delete));
    }

    /** Before a start: the previous run's runc state must be gone, or {@code runc create} refuses the ID. */
    void awaitPendingDelete(String id) {
        CompletableFuture<Void> pending = pendingDeletes.get(id);
        if (pending != null) pending.join();
    }

    boolean hasRuntimeState(String id) {
        return Files.exists(runc.root().resolve(id));
    }

    void clearExitFile(String id) {
        try {
            exits.clear(id);
        } catch (IOException e) {
            // a stale exit file is ignored: onExit only acts on running containers
        }
    }

    @Override
    public void close() {
        pendingDeletes.values().forEach(CompletableFuture::join);
    }
}
