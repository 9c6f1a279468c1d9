package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.InternalException;
import berth.api.errors.NotFoundException;
import berth.engine.layer.Trees;
import java.io.IOException;

/**
 * Removes containers: marks the container so that no start gets through, kills its run if forced, drops the row,
 * then deletes its files. The row goes before the files: a crash in between leaves a directory without a row,
 * which recovery sweeps; a row without its directory cannot happen.
 */
final class ContainerRemoval {
    private static final System.Logger LOG = System.getLogger("berth.container");

    private final ContainerRepository repo;
    private final ContainerLayouts layouts;
    private final ContainerLocks locks;
    private final ContainerEvents events;
    private final RuntimeCleanup cleanup;
    private final Attacher attacher;
    private final Waiters waiters;
    private final RunLifecycle runs;

    ContainerRemoval(ContainerRepository repo, ContainerLayouts layouts, ContainerLocks locks, ContainerEvents events,
                     RuntimeCleanup cleanup, Attacher attacher, Waiters waiters, RunLifecycle runs) {
        this.repo = repo;
        this.layouts = layouts;
        this.locks = locks;
        this.events = events;
        this.cleanup = cleanup;
        this.attacher = attacher;
        this.waiters = waiters;
        this.runs = runs;
    }

    void remove(String nameOrId, boolean force) {
        remove(nameOrId, force, id -> { });
    }

    /**
     * {@code onRemoved} runs once the row is gone and before waiters hear of it (the anonymous volumes of
     * {@code rm -v} and {@code --rm} go there, so that a client that saw the removal sees them gone too).
     */
    void remove(String nameOrId, boolean force, java.util.function.Consumer<String> onRemoved) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        if (!locks.markRemoving(id)) {
            throw new ConflictException("removal of container " + nameOrId + " is already in progress");
        }
        int code;
        boolean removed = false;
        try {
            code = removeMarked(nameOrId, id, force);
            removed = true;
        } finally {
            locks.removalEnded(id, removed);
        }
        attacher.forget(id);
        events.publish(row.record(), "destroy");
        try {
            onRemoved.accept(id);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "after removing container " + id + ": " + e.getMessage());
        }
        waiters.removed(id, code);
        try {
            Trees.delete(layouts.of(id).dir());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "deleting the files of removed container " + id + ": " + e.getMessage());
        }
    }

    /** After a run ended, for a container created with --rm; a removal that lost a race is not an error. */
    void removeQuietly(String id, java.util.function.Consumer<String> onRemoved) {
        try {
            remove(id, true, onRemoved);
        } catch (NotFoundException | ConflictException e) {
            // removed, or being removed, by someone else meanwhile
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "auto-removing " + id + ": " + e.getMessage());
        }
    }

    /** With the container marked for removal: kill its run if forced, then drop the row. Returns the exit code. */
    private int removeMarked(String nameOrId, String id, boolean force) {
        for (int attempt = 0; ; attempt++) {
            Integer code = locks.under(id, () -> {
                ContainerRepository.Row current = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
                if (current.state().isRunning()) {
                    if (!force && runs.isPaused(current)) {
                        throw new ConflictException("You cannot remove a paused container " + id
                                + ". Unpause and then stop the container before attempting removal or force remove");
                    }
                    if (!force) {
                        throw new ConflictException("You cannot remove a running container " + id
                                + ". Stop the container before attempting removal or force remove");
                    }
                    return null;
                }
                cleanup.cleanup(id, layouts.of(id));
                repo.delete(id);
                return current.state().exitCode();
            });
            if (code != null) return code;
            if (attempt > 0) throw new InternalException("container " + id + " could not be killed for removal", null);
            runs.stopRun(id, 9, 0);
        }
    }
}
