package berth.engine.runtime;

import berth.engine.sys.Fifos;
import berth.engine.sys.ProcessStat;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** runc, with Berth's private state directory ({@code <exec-root>/runc}). Every call is bounded in time. */
public final class Runc {
    /** How long one runc command (delete, start) may take before it is killed. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** How long a created container's init may take to open its exec FIFO once it is released. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** What runc's init calls itself (prctl) until it execs the container's command: "runc:[2:INIT]". */
    private static final String INIT_NAME_PREFIX = "runc:[";

    private final Path binary;
    private final Path root;
    private final Duration timeout;

    public Runc(Path binary, Path root) {
        this(binary, root, COMMAND_TIMEOUT);
    }

    public Runc(Path binary, Path root, Duration timeout) {
        this.binary = binary;
        this.root = root;
        this.timeout = timeout;
    }

    public Path binary() {
        return binary;
    }

    public Path root() {
        return root;
    }

    /**
     * Starts a created container. {@code runc start} only opens the container's exec.fifo, which releases the init
     * process blocked on its other end, and removes it; doing that here saves spawning a process (~10 ms) per start.
     * Like runc, it gives up when {@code initPid} dies before taking the FIFO (a plain open would block forever).
     * Falls back to {@code runc start} when the FIFO is not where runc 1.x keeps it.
     */
    public void start(String id, int initPid) throws IOException {
        Path fifo = root.resolve(id).resolve("exec.fifo");
        if (!Files.exists(fifo)) {
            run("start", id);
            return;
        }
        Duration limit = timeout.compareTo(START_TIMEOUT) < 0 ? timeout : START_TIMEOUT;
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            Fifos.readFirst(fifo, limit, () -> ProcessStat.of(initPid).map(ProcessStat::isLive).orElse(false));
        } catch (Fifos.NoDataException e) {
            throw new IOException(e.timedOut()
                    ? "runc start " + id + " timed out: the container process did not start"
                    : "runc start " + id + ": container process is already dead", e);
        }
        Files.deleteIfExists(fifo);
        awaitExec(id, initPid, deadline);
    }

    /**
     * Waits until the released init has exec'd the container's command. Until then the process is still runc's Go
     * init, pid 1 of its namespace: a stop signal sent in that window (a start followed at once by a stop, as under
     * load) makes the Go runtime exit with status 2 instead of reaching the command (SIGTERM ignored by a pid 1 that
     * has no handler, then SIGKILL: 137). After the exec its name is no longer runc's.
     */
    private static void awaitExec(String id, int initPid, long deadline) throws IOException {
        while (true) {
            Optional<ProcessStat> stat = ProcessStat.of(initPid);
            if (stat.isEmpty() || !stat.get().isLive() || !stat.get().comm().startsWith(INIT_NAME_PREFIX)) return;
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("runc start " + id + " timed out: the container process did not start");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted starting " + id);
            }
        }
    }

    /** Forcibly deletes the runtime state (killing what is left); a container runc does not know is fine. */
    public void delete(String id) throws IOException {
        try {
            run("delete", "--force", id);
        } catch (IOException e) {
            if (!e.getMessage().contains("does not exist") && !e.getMessage().contains("not exist")) throw e;
        }
    }

    /**
     * Changes a running container's cgroup limits: {@code resources} is an OCI linux.resources object (JSON); runc
     * writes only the values it names.
     */
    public void update(String id, byte[] resources) throws IOException {
        Path file = Files.createTempFile(root, "update-", ".json");
        try {
            Files.write(file, resources);
            run("update", "--resources", file.toString(), id);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--root", root.toString()));
        command.addAll(List.of(args));
        String name = "runc " + String.join(" ", args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        // read on the side: a hung runc must not hang the reader of its output
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return "";
            }
        }, task -> Thread.ofVirtual().start(task));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(name + " timed out after " + timeout.toMillis() + " ms and was killed");
            }
            String text = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (p.exitValue() != 0) throw new IOException(name + ": " + text);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + name);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(name + ": its output could not be read", e);
        }
    }
}
