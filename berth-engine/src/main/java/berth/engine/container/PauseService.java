package berth.engine.container;

/**
 * {@code docker pause} and {@code unpause}: the container's processes are frozen by the cgroup freezer and thawed
 * again; a paused container is still running (Docker's State.Running stays true, with Paused and Status "paused").
 */
public interface PauseService {

    /** The pause service of {@code containers}, which must be the engine's own. */
    static PauseService of(ContainerService containers) {
        return ((LocalContainerService) containers).pauses();
    }

    /** Freezes a running container; one that is not running, or paused already, is a ConflictException. */
    void pause(String nameOrId);

    /** Thaws a paused container; one that is not paused is a ConflictException. */
    void unpause(String nameOrId);

    /** Whether the container is paused now; false for one that is not running. */
    boolean isPaused(String nameOrId);
}
