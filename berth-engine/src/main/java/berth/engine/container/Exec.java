package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.model.ExecInspect;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One exec instance, from create to exit; kept in memory, as dockerd keeps them. The settings are fixed at create
 * (the environment and the defaults taken from the container then); the run state changes once each way:
 * created, running, ended.
 */
final class Exec {
    private final String id;
    private final String containerId;
    private final List<String> command;
    private final List<String> env;
    private final String user;
    private final String workingDir;
    private final boolean tty;
    private final boolean privileged;
    private final boolean stdin;
    private final boolean stdout;
    private final boolean stderr;
    private final String detachKeysText;
    private final DetachKeys detachKeys;
    private final TerminalSize createSize;

    private boolean started;
    private boolean running;
    private Integer exitCode;
    private int pid;
    private java.nio.file.Path ctl;
    private long endedAtNanos;
    /** Its berth-exec spawned at create (no terminal): taken by the start, or discarded when nobody starts it. */
    private final AtomicReference<CompletableFuture<Optional<berth.engine.runtime.DirectExec.Prepared>>> ahead =
            new AtomicReference<>();

    Exec(String id, String containerId, List<String> command, List<String> env, String user, String workingDir,
         boolean tty, boolean privileged, boolean stdin, boolean stdout, boolean stderr, String detachKeysText,
         DetachKeys detachKeys, TerminalSize createSize) {
        this.id = id;
        this.containerId = containerId;
        this.command = List.copyOf(command);
        this.env = List.copyOf(env);
        this.user = user;
        this.workingDir = workingDir;
        this.tty = tty;
        this.privileged = privileged;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.detachKeysText = detachKeysText;
        this.detachKeys = detachKeys;
        this.createSize = createSize;
    }

    /** Records what is being prepared for the start; false once the start (or a discard) has looked. */
    boolean preparedAhead(CompletableFuture<Optional<berth.engine.runtime.DirectExec.Prepared>> prepared) {
        return ahead.compareAndSet(null, prepared);
    }

    /** What was prepared ahead, once: null when nothing was or someone took it; nothing can be prepared after. */
    CompletableFuture<Optional<berth.engine.runtime.DirectExec.Prepared>> takePreparedAhead() {
        CompletableFuture<Optional<berth.engine.runtime.DirectExec.Prepared>> taken = ahead.getAndSet(TAKEN);
        return taken == TAKEN ? null : taken;
    }

    private static final CompletableFuture<Optional<berth.engine.runtime.DirectExec.Prepared>> TAKEN =
            CompletableFuture.completedFuture(Optional.empty());

    String id() { return id; }
    String containerId() { return containerId; }
    List<String> command() { return command; }
    List<String> env() { return env; }
    String user() { return user; }
    String workingDir() { return workingDir; }
    boolean tty() { return tty; }
    boolean privileged() { return privileged; }
    boolean stdin() { return stdin; }
    boolean stdout() { return stdout; }
    boolean stderr() { return stderr; }
    DetachKeys detachKeys() { return detachKeys; }
    TerminalSize createSize() { return createSize; }

    /** "sh -c exit 3": the command as Docker's exec events name it. */
    String commandLine() {
        return String.join(" ", command.subList(0, 1)) + " " + String.join(" ", command.subList(1, command.size()));
    }

    /** Claims the one start this exec gets; Docker's conflicts for a second one. */
    synchronized void claimStart() {
        if (exitCode != null) throw new ConflictException("Error: Exec command " + id + " has already run");
        if (started) throw new ConflictException("Error: Exec command " + id + " is already running");
        started = true;
        running = true;
    }

    /** The process runs: its host pid, and conmon's control FIFO for a terminal (null without one). */
    synchronized void launched(int pid, java.nio.file.Path ctl) {
        this.pid = pid;
        this.ctl = ctl;
    }

    /** The process ended (or never started: Docker records 126 then). False when already recorded. */
    synchronized boolean ended(int code) {
        if (exitCode != null) return false;
        exitCode = code;
        running = false;
        endedAtNanos = System.nanoTime();
        return true;
    }

    synchronized boolean running() {
        return running;
    }

    /** Where a resize goes while the exec runs on a terminal; null otherwise. */
    synchronized java.nio.file.Path ctl() {
        return running ? ctl : null;
    }

    /** Listed in the container's ExecIDs: created or running, not yet ended. */
    synchronized boolean live() {
        return exitCode == null;
    }

    synchronized boolean endedBefore(long nanos) {
        return exitCode != null && endedAtNanos - nanos < 0;
    }

    synchronized ExecInspect inspect() {
        String entrypoint = command.get(0);
        List<String> arguments = command.subList(1, command.size());
        return new ExecInspect(false, containerId, detachKeysText, exitCode, id, stderr, stdin, stdout,
                new ExecInspect.ProcessConfig(arguments, entrypoint, privileged ? Boolean.TRUE : null, tty,
                        user == null || user.isEmpty() ? null : user),
                running, pid);
    }
}
