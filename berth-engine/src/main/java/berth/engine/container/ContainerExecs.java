package berth.engine.container;

import berth.api.Json;
import berth.api.errors.ConflictException;
import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ExecCreateRequest;
import berth.api.model.ExecInspect;
import berth.api.model.ExecStartRequest;
import berth.api.model.IdResponse;
import berth.engine.container.ContainerService.AttachOptions;
import berth.engine.container.ContainerService.StreamSink;
import berth.engine.container.ContainerService.StreamType;
import berth.engine.runtime.Conmon;
import berth.engine.runtime.ConmonExec;
import berth.engine.runtime.DirectExec;
import berth.engine.sys.FifoChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The exec service: exec instances of running containers, run by runc directly ({@link DirectExec}) or, with a
 * terminal, by conmon in exec mode ({@link ConmonExec}).
 */
final class ContainerExecs implements ExecService {
    /** How long an attached start waits, after the output ended, for conmon to report the exit code. */
    private static final long EXIT_REPORT_SECONDS = 10;
    /** How long a berth-exec spawned at create waits for the exec's start; it holds nothing of the container. */
    private static final long AHEAD_SECONDS = 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalContainerService containers;
    private final ConmonExec conmon;
    private final DirectExec direct;
    private final ExecStore store = new ExecStore();
    private final BundleProcesses processes = new BundleProcesses();

    ContainerExecs(LocalContainerService containers, ConmonExec conmon, DirectExec direct) {
        this.containers = containers;
        this.conmon = conmon;
        this.direct = direct;
    }

    @Override
    public IdResponse create(String container, ExecCreateRequest request) {
        ContainerRepository.Row row = containers.repo().resolve(container);
        ContainerRecord r = row.record();
        requireRunning(row);
        if (request.cmd() == null || request.cmd().isEmpty()) {
            throw new InvalidArgumentException("No exec command specified");
        }
        DetachKeys keys = DetachKeys.forExec(request.detachKeys());
        boolean tty = Boolean.TRUE.equals(request.tty());
        String user = request.user() == null || request.user().isEmpty() ? r.config().user() : request.user();
        String wd = request.workingDir() == null || request.workingDir().isEmpty()
                ? r.config().workingDir() : request.workingDir();
        Exec exec = new Exec(HexFormat.of().formatHex(randomBytes()), r.id(), request.cmd(),
                ExecProcessSpecs.env(r, tty, request.env()), user == null ? "" : user, wd == null ? "" : wd, tty,
                Boolean.TRUE.equals(request.privileged()), Boolean.TRUE.equals(request.attachStdin()),
                Boolean.TRUE.equals(request.attachStdout()), Boolean.TRUE.equals(request.attachStderr()),
                request.detachKeys() == null || request.detachKeys().isEmpty() ? "" : new String(keys.sequence(),
                        StandardCharsets.ISO_8859_1),
                keys, TerminalSize.of(request.consoleSize()));
        store.purge(id -> containers.repo().get(id).isPresent());
        processes.sweep();
        store.add(exec);
        containers.events().publish(r, "exec_create: " + exec.commandLine(), Map.of("execID", exec.id()));
        return new IdResponse(exec.id(), null);
    }

    /**
     * Spawns the exec's berth-exec for the start that clients send right after the create (see
     * {@link DirectExec#prepare}); one nobody starts within {@link #AHEAD_SECONDS} is called off.
     */
    @Override
    public void prepareStart(String execId) {
        Exec exec;
        try {
            exec = store.get(execId);
        } catch (NotFoundException e) {
            return;
        }
        if (exec.tty()) return;
        CompletableFuture<Optional<DirectExec.Prepared>> prepared = new CompletableFuture<>();
        if (!exec.preparedAhead(prepared)) return; // its start came first
        try {
            ContainerRecord r = containers.repo().get(exec.containerId()).orElseThrow().record();
            prepared.complete(direct.prepare(directLaunch(r, containers.layouts().of(r.id()), exec, true)));
        } catch (IOException | RuntimeException e) {
            prepared.complete(Optional.empty()); // the start finds out again, and says why
        }
        CompletableFuture.runAsync(() -> discard(exec.takePreparedAhead()),
                CompletableFuture.delayedExecutor(AHEAD_SECONDS, TimeUnit.SECONDS));
    }

    private void discard(CompletableFuture<Optional<DirectExec.Prepared>> prepared) {
        if (prepared != null) prepared.thenAccept(p -> p.ifPresent(direct::discard));
    }

    /** The exec's berth-exec prepared at create, if it was and is ready within a step's time. */
    private Optional<DirectExec.Prepared> preparedAhead(Exec exec) {
        CompletableFuture<Optional<DirectExec.Prepared>> prepared = exec.takePreparedAhead();
        if (prepared == null) return Optional.empty();
        try {
            return prepared.get(ConmonExec.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            discard(prepared);
            return Optional.empty();
        }
    }

    private DirectExec.Launch directLaunch(ContainerRecord r, ContainerLayout l, Exec exec, boolean attached)
            throws IOException {
        Map<String, Object> spec = ExecProcessSpecs.process(r, l, processes.of(l.configJson()), exec, null);
        Path bundle = bundleOf(l, exec);
        return new DirectExec.Launch(r.id(), l.configJson(), spec, bundle, bundle.resolve("process.json"),
                exec.stdin() && attached, attached, false);
    }

    private static Path bundleOf(ContainerLayout l, Exec exec) {
        return l.execRoot().resolve("exec").resolve(exec.id().substring(0, 16));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Docker's refusals for a container that cannot take an exec now. */
    private void requireRunning(ContainerRepository.Row row) {
        String id = row.record().id();
        if (containers.pauses().isPaused(row)) {
            throw new ConflictException("container " + id + " is paused, unpause the container before exec");
        }
        if (!row.state().isRunning()) throw new ConflictException("container " + id + " is not running");
    }

    @Override
    public ContainerService.Attachment start(String execId, ExecStartRequest request) {
        Exec exec = store.get(execId);
        ContainerRepository.Row row = containers.repo().get(exec.containerId())
                .orElseThrow(() -> NotFoundException.container(execId));
        requireRunning(row);
        exec.claimStart();
        ContainerRecord r = row.record();
        containers.events().publish(r, "exec_start: " + exec.commandLine(), Map.of("execID", exec.id()));
        TerminalSize requested = request == null ? null : TerminalSize.of(request.consoleSize());
        TerminalSize size = requested != null ? requested : exec.createSize();
        if (request != null && Boolean.TRUE.equals(request.detach())) {
            try {
                launch(r, exec, size, null, false);
            } catch (StartFailure f) {
                throw f.error;
            }
            return null;
        }
        return new ExecStream(r, exec, size);
    }

    /** An attached exec: the process starts when the client is there to see its output. */
    private final class ExecStream implements ContainerService.Attachment {
        private final ContainerRecord record;
        private final Exec exec;
        private final TerminalSize size;

        ExecStream(ContainerRecord record, Exec exec, TerminalSize size) {
            this.record = record;
            this.exec = exec;
            this.size = size;
        }

        @Override
        public boolean tty() {
            return exec.tty();
        }

        @Override
        public void stream(InputStream stdin, StreamSink sink) throws IOException {
            AttachSession session = exec.tty() ? new AttachSession(new AttachOptions(exec.stdin(), exec.stdout(),
                    exec.stderr(), true, false, null), true, exec.detachKeys(), () -> { }) : null;
            Launched launched;
            try {
                launched = launch(record, exec, size, session == null ? null : session::connect, true);
            } catch (StartFailure f) {
                // Docker writes the reason into the stream; the CLI prints it and exits with the exec's 126
                byte[] text = (f.error.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8);
                sink.write(StreamType.STDOUT, text, 0, text.length);
                return;
            }
            if (session != null) {
                session.stream(stdin, sink);
                if (session.detached()) {
                    containers.events().publish(record, "exec_detach", Map.of("execID", exec.id()));
                    return;
                }
            } else {
                ExecPipes.pump(launched.process(), exec.stdin() ? stdin : null, exec.stdout(), exec.stderr(), sink);
            }
            // the output ends when the process does: let its exit code be recorded before the client asks for it
            try {
                launched.recorded().get(EXIT_REPORT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // still running (it closed its output early), or its runtime is gone: the exec stays as it is
            }
        }

        @Override
        public void close() {
            // nothing held before stream(): the process starts there
        }
    }

    /** A process that could not be started; the exec ended with 126, as Docker records it. */
    private static final class StartFailure extends Exception {
        final EngineException error;

        StartFailure(EngineException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }

    /** A started exec: runc's process when run directly (null under conmon), and its recorded exit. */
    private record Launched(Process process, CompletableFuture<Integer> recorded) {}

    /**
     * Writes the exec's process spec and runs it: with a terminal under conmon (its pty, resizes and attach socket,
     * connected through {@code attach} before the process runs), without one directly ({@link DirectExec}: berth-exec,
     * or runc when berth-exec cannot apply the process exactly). Returns once the process runs; {@code recorded} completes once its exit is recorded
     * ({@code exec_die} published).
     */
    private Launched launch(ContainerRecord r, Exec exec, TerminalSize size, Consumer<Path> attach, boolean attached)
            throws StartFailure {
        ContainerLayout l = containers.layouts().of(r.id());
        Path bundle = bundleOf(l, exec);
        CompletableFuture<Integer> exit;
        Process process = null;
        try {
            if (exec.tty()) {
                Map<String, Object> spec = ExecProcessSpecs.process(r, l, processes.of(l.configJson()), exec, size);
                Files.createDirectories(bundle);
                Path specFile = bundle.resolve("process.json");
                Files.write(specFile, Json.mapper().writeValueAsBytes(spec));
                ConmonExec.Started started = conmon.start(new ConmonExec.Launch(r.id(), exec.id(), bundle, specFile,
                        exec.stdin() && attached, true, attached), attach == null ? p -> { } : attach);
                exec.launched(started.pid(), started.ctl());
                exit = started.exit();
            } else {
                Optional<DirectExec.Prepared> ahead = preparedAhead(exec);
                if (ahead.isPresent() && !attached) direct.discard(ahead.get()); // detached: its output goes nowhere
                DirectExec.Started started = ahead.isPresent() && attached ? direct.start(ahead.get())
                        : direct.start(directLaunch(r, l, exec, attached));
                exec.launched(started.pid(), null);
                process = started.process();
                exit = started.exit();
            }
        } catch (InvalidArgumentException e) {
            throw failed(exec, bundle, e);
        } catch (Conmon.ConmonException e) {
            throw failed(exec, bundle, new InvalidArgumentException("OCI runtime exec failed: " + e.getMessage()
                    + ": unknown"));
        } catch (IOException | RuntimeException e) {
            throw failed(exec, bundle, new InternalException("exec in container " + r.id() + ": " + e.getMessage(), e));
        }
        CompletableFuture<Integer> recorded = exit.thenApply(code -> {
            if (exec.ended(code)) {
                containers.events().publish(r, "exec_die", Map.of("execID", exec.id(), "exitCode",
                        String.valueOf(code)));
            }
            return code;
        });
        // after the exit is recorded, so that the attached client's stream does not wait for the files to go
        recorded.whenComplete((code, e) -> ConmonExec.removeBundle(bundle));
        return new Launched(process, recorded);
    }

    private static StartFailure failed(Exec exec, Path bundle, EngineException e) {
        exec.ended(126);
        ConmonExec.removeBundle(bundle);
        return new StartFailure(e);
    }

    @Override
    public void resize(String execId, String height, String width) {
        Exec exec = store.get(execId);
        TerminalSize size = TerminalSize.parse(height, width);
        if (!exec.running()) throw new ConflictException("Exec " + exec.id() + " is not running");
        Path ctl = exec.ctl();
        if (ctl == null) return; // no terminal: nothing to resize
        try {
            FifoChannel.writeTo(ctl, size.ctlMessage());
        } catch (IOException e) {
            throw new ConflictException("Exec " + exec.id() + " is not running");
        }
    }

    @Override
    public ExecInspect inspect(String execId) {
        return store.get(execId).inspect();
    }

    @Override
    public void resizeContainer(String container, String height, String width) {
        ContainerRepository.Row row = containers.repo().resolve(container);
        TerminalSize size = TerminalSize.parse(height, width);
        String id = row.record().id();
        if (!row.state().isRunning()) throw new ConflictException("container " + id + " is not running");
        try {
            FifoChannel.writeTo(containers.layouts().of(id).dir().resolve("ctl"), size.ctlMessage());
        } catch (IOException e) {
            // conmon is gone: the container is stopping; nothing left to resize
            throw new ConflictException("container " + id + " is not running");
        }
    }

    /** The container's execs that have not ended: inspect's ExecIDs. */
    List<String> liveIds(String containerId) {
        return store.liveIds(containerId);
    }
}
