package berth.engine.container;

import berth.api.model.ExecCreateRequest;
import berth.api.model.ExecInspect;
import berth.api.model.ExecStartRequest;
import berth.api.model.IdResponse;

/**
 * Processes run in a running container besides its own ({@code docker exec}): in its namespaces and cgroup, with its
 * capabilities and seccomp profile (all capabilities with {@code Privileged}), under conmon like the container.
 * Exec instances live in memory, as in dockerd: they are not kept across a berthd restart.
 */
public interface ExecService {

    /** The exec service of a container service opened by {@link ContainerService#open}. */
    static ExecService of(ContainerService containers) {
        return ((LocalContainerService) containers).execs();
    }

    /**
     * Records an exec for a running container: 404 for an unknown container, 409 when it is not running or paused,
     * 400 for an empty command or bad detach keys. Publishes {@code exec_create}.
     */
    IdResponse create(String container, ExecCreateRequest request);

    /**
     * Readies the start of an exec whose create has just been answered: clients send the start right away, and what
     * can be done before it (the helper program's own start, the process's arguments, its files) is then done.
     * Nothing for an exec with a terminal or already started, or whose start must go another way.
     */
    void prepareStart(String execId);

    /**
     * Claims the exec's one start (404 unknown, 409 container not running, already started). Detached: runs it and
     * returns null. Attached: returns the stream, which runs the process when streamed; a process that cannot be
     * started gets its error as output and exit code 126, as in Docker.
     */
    ContainerService.Attachment start(String execId, ExecStartRequest request);

    /** Resizes a running exec's terminal. */
    void resize(String execId, String height, String width);

    ExecInspect inspect(String execId);

    /** Resizes a running container's terminal ({@code POST /containers/{id}/resize}). */
    void resizeContainer(String container, String height, String width);
}
