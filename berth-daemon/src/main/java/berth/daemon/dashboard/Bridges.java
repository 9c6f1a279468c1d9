package berth.daemon.dashboard;

import berth.api.model.ContainerInspect;
import berth.api.model.ExecInspect;
import berth.api.model.ExecStartRequest;
import berth.daemon.log.Log;
import berth.engine.Engine;
import berth.engine.container.ContainerService;
import berth.engine.container.ExecService;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The processes behind the dashboard's terminals. An exec started here keeps its terminal when its WebSocket goes
 * (a page reload): the next socket for the same exec re-attaches to it. After {@link #UNWATCHED_LIMIT} without a
 * viewer a running exec is killed and forgotten, so that closed tabs do not leave shells behind. A container's own
 * terminal is attached afresh for each socket, after its recent log output.
 */
final class Bridges implements AutoCloseable {
    static final Duration UNWATCHED_LIMIT = Duration.ofMinutes(10);
    private static final int ATTACH_REPLAY_LINES = 2000;
    private static final int EXIT_RECORD_SECONDS = 3;

    private final ContainerService containers;
    private final ExecService execs;
    private final Map<String, TerminalSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;

    Bridges(Engine engine) {
        this(engine.containers(), engine.execs());
    }

    Bridges(ContainerService containers, ExecService execs) {
        this.containers = containers;
        this.execs = execs;
        this.reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("dashboard-reaper").factory());
        reaper.scheduleWithFixedDelay(this::reap, 30, 30, TimeUnit.SECONDS);
    }

    /**
     * The terminal of exec {@code execId}: the one this bridge already runs, or a new one that starts the exec (404,
     * 409 as {@code POST /exec/{id}/start} refuses). {@code rows}/{@code cols} size a new terminal (0: the exec's own).
     */
    TerminalSession exec(String execId, int rows, int cols) {
        ExecInspect inspect = execs.inspect(execId);
        TerminalSession existing = sessions.get(inspect.id());
        if (existing != null) return existing;
        ExecStartRequest start = new ExecStartRequest(false, true, rows > 0 && cols > 0 ? List.of(rows, cols) : null);
        ContainerService.Attachment attachment = execs.start(inspect.id(), start);
        TerminalSession session = new TerminalSession();
        sessions.put(inspect.id(), session);
        Thread.ofVirtual().name("dashboard-exec-" + inspect.id().substring(0, 12)).start(() -> {
            int code = -1;
            try (attachment) {
                attachment.stream(session.stdin(), sink(session));
                Integer recorded = execs.inspect(inspect.id()).exitCode();
                if (recorded != null) code = recorded;
            } catch (IOException | RuntimeException e) {
                Log.debug("dashboard exec ended", "exec", inspect.id(), "error", String.valueOf(e.getMessage()));
            }
            session.exited(code);
        });
        return session;
    }

    /** A container's own terminal for one socket: its last output first, then its stdio while it runs. */
    TerminalSession attach(String containerId) {
        ContainerInspect inspect = containers.inspect(containerId);
        boolean stdin = Boolean.TRUE.equals(inspect.config().openStdin());
        TerminalSession session = new TerminalSession();
        byte[] recent = recentOutput(inspect.id());
        session.output(recent, 0, recent.length);
        ContainerService.Attachment attachment = containers.attach(inspect.id(),
                new ContainerService.AttachOptions(stdin, true, true, true, false, null));
        Thread.ofVirtual().name("dashboard-attach-" + inspect.id().substring(0, 12)).start(() -> {
            try (attachment) {
                attachment.stream(session.stdin(), sink(session));
            } catch (IOException | RuntimeException e) {
                Log.debug("dashboard attach ended", "container", inspect.id(), "error", String.valueOf(e.getMessage()));
            }
            session.exited(exitCode(inspect.id()));
        });
        return session;
    }

    /**
     * The container's exit code once its output has ended: its exit is recorded a moment after the output ends.
     * -1 when it still runs (the stream ended because the socket went) or is gone.
     */
    private int exitCode(String id) {
        java.util.concurrent.CompletableFuture<berth.api.model.WaitResponse> exit;
        try {
            exit = containers.wait(id, ContainerService.WaitCondition.NOT_RUNNING);
        } catch (RuntimeException e) {
            return -1;
        }
        try {
            return (int) exit.get(EXIT_RECORD_SECONDS, TimeUnit.SECONDS).statusCode();
        } catch (Exception e) {
            exit.cancel(true);
            return -1;
        }
    }

    /** The last {@link TerminalSession#REPLAY} bytes of the container's log, stdout and stderr as they came. */
    private byte[] recentOutput(String id) {
        ReplayRing ring = new ReplayRing(TerminalSession.REPLAY);
        try {
            ContainerService.LogStream logs = containers.logs(id,
                    new ContainerService.LogOptions(false, true, true, 0, 0, false, ATTACH_REPLAY_LINES));
            logs.writeTo(new ContainerService.LogSink() {
                @Override
                public void write(ContainerService.LogLine line) {
                    ring.write(line.content(), 0, line.content().length);
                }

                @Override
                public boolean isOpen() {
                    return true;
                }
            });
        } catch (IOException | RuntimeException e) {
            // no log (a log driver that keeps none): nothing to replay
        }
        return ring.snapshot();
    }

    void resizeExec(String execId, int rows, int cols) {
        execs.resize(execId, Integer.toString(rows), Integer.toString(cols));
    }

    void resizeContainer(String containerId, int rows, int cols) {
        execs.resizeContainer(containerId, Integer.toString(rows), Integer.toString(cols));
    }

    private static ContainerService.StreamSink sink(TerminalSession session) {
        return new ContainerService.StreamSink() {
            @Override
            public void write(ContainerService.StreamType stream, byte[] data, int offset, int length) {
                session.output(data, offset, length);
            }

            @Override
            public boolean isOpen() {
                return !session.ended();
            }
        };
    }

    /** Kills the execs no one has watched for the limit, and forgets ended ones no one came back for. */
    void reap() {
        long now = System.nanoTime();
        for (Map.Entry<String, TerminalSession> e : sessions.entrySet()) {
            if (!e.getValue().unwatchedFor(UNWATCHED_LIMIT.toNanos(), now)) continue;
            sessions.remove(e.getKey(), e.getValue());
            if (!e.getValue().ended()) kill(e.getKey());
        }
    }

    private void kill(String execId) {
        try {
            ExecInspect inspect = execs.inspect(execId);
            if (inspect.running() && inspect.pid() > 0) {
                ProcessHandle.of(inspect.pid()).ifPresent(ProcessHandle::destroyForcibly);
                Log.debug("dashboard terminal closed after no one watched it", "exec", execId);
            }
        } catch (RuntimeException e) {
            // the exec or its container is gone already
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
    }
}
