package berth.engine.container;

import berth.api.model.ContainerCreateRequest;
import berth.api.model.ContainerInspect;
import berth.api.model.ContainerSummary;
import berth.api.model.IdResponse;
import berth.api.model.WaitResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Containers: create, run under conmon + runc, stop, remove, inspect, list, logs, attach.
 *
 * <p>Names: every method taking {@code nameOrId} accepts a full ID, a unique ID prefix or a name (with or without
 * the leading "/"), as Docker does; unknown ones throw {@link berth.api.errors.NotFoundException#container}.
 * State survives a berthd restart: conmon, not berthd, is each container's parent.
 */
public interface ContainerService {

    /**
     * Opens the container service over the shared stores, runs start-up recovery and starts watching conmon's exit
     * directory. {@code runc} and {@code conmon} are the binaries to use.
     */
    static ContainerService open(berth.engine.store.Database db, berth.engine.image.ImageStore images,
                                 berth.engine.layer.LayerStore layers, berth.engine.events.EventService events,
                                 java.nio.file.Path dataRoot, java.nio.file.Path execRoot, java.nio.file.Path runc,
                                 java.nio.file.Path conmon) throws IOException {
        return open(db, images, layers, events, dataRoot, execRoot, runc, conmon, null);
    }

    /** As above, with the daemon's default log configuration (daemon.json's log-driver and log-opts; null: none). */
    static ContainerService open(berth.engine.store.Database db, berth.engine.image.ImageStore images,
                                 berth.engine.layer.LayerStore layers, berth.engine.events.EventService events,
                                 java.nio.file.Path dataRoot, java.nio.file.Path execRoot, java.nio.file.Path runc,
                                 java.nio.file.Path conmon, berth.api.model.LogConfig logDefaults) throws IOException {
        LocalContainerService service = new LocalContainerService(db, images, layers, events, dataRoot, execRoot, runc,
                conmon, logDefaults);
        service.recover();
        return service;
    }

    /** As above, with the daemon's networks: containers join the default bridge unless told otherwise. */
    static ContainerService open(berth.engine.store.Database db, berth.engine.image.ImageStore images,
                                 berth.engine.layer.LayerStore layers, berth.engine.events.EventService events,
                                 java.nio.file.Path dataRoot, java.nio.file.Path execRoot, java.nio.file.Path runc,
                                 java.nio.file.Path conmon, berth.api.model.LogConfig logDefaults,
                                 berth.engine.network.Networking networking) throws IOException {
        LocalContainerService service = new LocalContainerService(db, images, layers, events, dataRoot, execRoot, runc,
                conmon, logDefaults, berth.engine.sys.BootId::current, LocalContainerService.EXIT_SWEEP_INTERVAL,
                networking);
        service.recover();
        return service;
    }

    /** As above, with the daemon's volumes (shared with the volume API). */
    static ContainerService open(berth.engine.store.Database db, berth.engine.image.ImageStore images,
                                 berth.engine.layer.LayerStore layers, berth.engine.events.EventService events,
                                 java.nio.file.Path dataRoot, java.nio.file.Path execRoot, java.nio.file.Path runc,
                                 java.nio.file.Path conmon, berth.api.model.LogConfig logDefaults,
                                 berth.engine.network.Networking networking, berth.engine.volume.VolumeService volumes)
            throws IOException {
        LocalContainerService service = new LocalContainerService(db, images, layers, events, dataRoot, execRoot, runc,
                conmon, logDefaults, berth.engine.sys.BootId::current, LocalContainerService.EXIT_SWEEP_INTERVAL,
                networking, volumes);
        service.recover();
        return service;
    }

    /** The network API over this service's containers. */
    berth.engine.network.NetworkService networks();

    /** Creates a container from an image; {@code name} null or empty gets a generated Docker-style name. */
    IdResponse create(String name, ContainerCreateRequest request);

    /** Starts a created or exited container; a running one throws NotModifiedException (HTTP 304). */
    void start(String nameOrId);

    /** Sends the stop signal, then SIGKILL after {@code timeoutSeconds} (null: the container's, else 10). */
    void stop(String nameOrId, Integer timeoutSeconds, String signal);

    void restart(String nameOrId, Integer timeoutSeconds, String signal);

    /** Sends {@code signal} (name like "KILL"/"SIGTERM" or number; null = KILL); not running throws ConflictException. */
    void kill(String nameOrId, String signal);

    /** Removes a container; a running one needs {@code force} (else ConflictException with Docker's message). */
    void remove(String nameOrId, boolean force, boolean removeVolumes);

    ContainerInspect inspect(String nameOrId);

    /** Inspect; with {@code size}, also SizeRw and SizeRootFs. */
    default ContainerInspect inspect(String nameOrId, boolean size) {
        if (size) throw new berth.api.errors.InvalidArgumentException("size is not supported by this container service");
        return inspect(nameOrId);
    }

    List<ContainerSummary> list(ContainerListOptions options);

    /**
     * Registers a waiter at once and returns a future completed per {@code condition}. Registration happens
     * before this method returns, so that a client may send "start" right after the response headers.
     */
    CompletableFuture<WaitResponse> wait(String nameOrId, WaitCondition condition);

    /**
     * Resolves the container and checks that its log can be read (a container with log driver "none" throws
     * NotImplementedException, as dockerd answers 501), before any response is sent; the returned stream then writes
     * the lines, and with follow keeps going until the container stops or the sink closes.
     */
    LogStream logs(String nameOrId, LogOptions options);

    /**
     * Validates and registers an attach. Registering before the 101 response is sent guarantees that a later
     * {@link #start} connects this attachment before the process runs, so no output is lost.
     */
    Attachment attach(String nameOrId, AttachOptions options);

    /**
     * One stats sample of a running container (a stopped one gets Docker's empty sample); the previous sample of the
     * same container is its precpu_stats, unless {@code oneShot}.
     */
    default berth.api.model.ContainerStats stats(String nameOrId, boolean oneShot) {
        throw new berth.api.errors.NotImplementedException("stats is not supported by this container service");
    }

    /** The container's processes as {@code ps psArgs} shows them (null or empty: "-ef"); not running is a conflict. */
    default berth.api.model.ContainerTop top(String nameOrId, String psArgs) {
        throw new berth.api.errors.NotImplementedException("top is not supported by this container service");
    }

    /**
     * Changes the cgroup limits given non-zero in {@code changes} (fields checked by {@link UpdatePolicy}); applied at
     * once to a running container, and kept for its next start.
     */
    default berth.api.model.ContainerUpdateResponse update(String nameOrId, berth.api.model.HostConfig changes) {
        throw new berth.api.errors.NotImplementedException("update is not supported by this container service");
    }

    enum WaitCondition {
        NOT_RUNNING, NEXT_EXIT, REMOVED;

        public static WaitCondition parse(String text) {
            if (text == null || text.isEmpty() || text.equals("not-running")) return NOT_RUNNING;
            return switch (text) {
                case "next-exit" -> NEXT_EXIT;
                case "removed" -> REMOVED;
                default -> throw new berth.api.errors.InvalidArgumentException("invalid condition: \"" + text + "\"");
            };
        }
    }

    record ContainerListOptions(boolean all, int limit, boolean size, Map<String, List<String>> filters) {}

    /** tail < 0: all lines. since/until in nanoseconds since the epoch, 0 = unbounded. */
    record LogOptions(boolean follow, boolean stdout, boolean stderr, long sinceNanos, long untilNanos,
                      boolean timestamps, int tail) {}

    record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean stream, boolean logs, String detachKeys) {}

    enum StreamType {
        STDIN, STDOUT, STDERR;

        /** The stream byte of Docker's multiplexed framing (0 stdin, 1 stdout, 2 stderr). */
        public int code() {
            return ordinal();
        }
    }

    record LogLine(StreamType stream, Instant time, byte[] content) {}

    /** A container's log, ready to be read. */
    interface LogStream {
        /** True when the container has a TTY: its output is one raw stream. */
        boolean tty();

        void writeTo(LogSink sink) throws IOException;
    }

    interface LogSink {
        void write(LogLine line) throws IOException;

        /** False once the client has gone; follow loops stop then. */
        boolean isOpen();
    }

    interface StreamSink {
        void write(StreamType stream, byte[] data, int offset, int length) throws IOException;

        boolean isOpen();
    }

    /** A registered attachment; {@link #stream} pumps until the container's output ends or the client leaves. */
    interface Attachment extends AutoCloseable {
        /** True when the container has a TTY: output is raw, not multiplexed. */
        boolean tty();

        void stream(InputStream stdin, StreamSink sink) throws IOException;

        @Override
        void close();
    }
}
