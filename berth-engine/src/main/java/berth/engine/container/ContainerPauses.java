package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.InternalException;
import berth.api.errors.NotFoundException;
import berth.engine.cgroup.Freezer;
import berth.engine.runtime.Runc;
import berth.engine.sys.Signals;
import java.io.IOException;

/**
 * Pause and unpause with the cgroup freezer, written directly as runc would (runc itself where the freezer is not
 * found). Whether a run is paused is read from the freezer each time,
 * not recorded: the kernel holds the truth, and a pause outlives berthd. Changes happen under the container's lock,
 * so that a pause never races the run's start, stop or removal.
 */
final class ContainerPauses implements PauseService {
    private static final System.Logger LOG = System.getLogger("berth.container");
    private final ContainerRepository repo;
    private final ContainerLocks locks;
    private final ContainerEvents events;
    private final Runc runc;
    private final Freezer freezer;

    ContainerPauses(ContainerRepository repo, ContainerLocks locks, ContainerEvents events, Runc runc, Freezer freezer) {
        this.repo = repo;
        this.locks = locks;
        this.events = events;
        this.runc = runc;
        this.freezer = freezer;
    }

    @Override
    public void pause(String nameOrId) {
        String id = repo.resolve(nameOrId).record().id();
        locks.under(id, () -> {
            ContainerRepository.Row row = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
            if (!row.state().isRunning()) throw new ConflictException("Container " + id + " is not running");
            if (isPaused(row)) throw new ConflictException("Container " + id + " is already paused");
            try {
                if (!freezer.freeze(id)) runc.pause(id);
            } catch (IOException e) {
                throw new InternalException("pausing container " + id + ": " + e.getMessage(), e);
            }
            events.publish(row.record(), "pause");
        });
    }

    @Override
    public void unpause(String nameOrId) {
        String id = repo.resolve(nameOrId).record().id();
        locks.under(id, () -> {
            ContainerRepository.Row row = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
            if (!isPaused(row)) throw new ConflictException("Container " + id + " is not paused");
            try {
                if (!freezer.thaw(id)) runc.resume(id);
            } catch (IOException e) {
                throw new InternalException("unpausing container " + id + ": " + e.getMessage(), e);
            }
            events.publish(row.record(), "unpause");
        });
    }

    @Override
    public boolean isPaused(String nameOrId) {
        return isPaused(repo.resolve(nameOrId));
    }

    boolean isPaused(ContainerRepository.Row row) {
        return row.state().isRunning() && freezer.isFrozen(row.record().id());
    }

    /**
     * Under the container's lock, right after {@code signal} was sent to its run: Docker thaws a paused container
     * once its stop signal or SIGKILL is pending, so that stop and kill end it; any other signal waits for unpause.
     */
    void thawAfter(ContainerRepository.Row row, int signal) {
        if (signal != 9 && signal != stopSignal(row.record())) return;
        if (!isPaused(row)) return;
        try {
            if (!freezer.thaw(row.record().id())) runc.resume(row.record().id());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "thawing " + row.record().id() + " after signal " + signal + ": "
                    + e.getMessage());
        }
    }

    private static int stopSignal(ContainerRecord r) {
        String s = r.config().stopSignal();
        try {
            return Signals.parse(s == null || s.isEmpty() ? "TERM" : s);
        } catch (IllegalArgumentException e) {
            return 15;
        }
    }
}
