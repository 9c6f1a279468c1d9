package berth.engine.runtime;

import berth.api.Json;
import berth.engine.sys.ChildProcess;
import berth.engine.sys.FileSystemCalls;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exec without a terminal, as berthd's child: by {@link ExecHelper berth-exec} when it can apply the process
 * exactly (a few ms), else by {@code runc exec --process <spec>} in the foreground (~100 ms). Either way the process's
 * stdio are our pipes, and the child's exit status is the process's (128+n for a signal). Both write a failure to
 * start to a runc-style JSON log in the bundle, which tells a process that could not start from one that exited 255.
 * berth-exec reports the start on a FIFO in the bundle, read the moment it writes; runc's pid file is polled.
 * berth-exec is started by posix_spawn ({@link ChildProcess}), runc by ProcessBuilder.
 * Terminal execs go through conmon's exec mode ({@link ConmonExec}) for their pty.
 */
public final class DirectExec {
    private static final Pattern MSG = Pattern.compile("\"msg\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Runc runc;
    private final ExecHelper helper;

    public DirectExec(Runc runc, ExecHelper helper) {
        this.runc = runc;
        this.helper = helper;
    }

    /**
     * The exec {@code process} (an OCI process, also written to {@code processSpec} for runc) in the container whose
     * bundle config is {@code config}. {@code attach}: stdout and stderr are pipes to read, else discarded;
     * {@code mergeOutput}: stderr goes into the stdout pipe; {@code stdin}: a pipe to write.
     */
    public record Launch(String containerId, Path config, Map<String, Object> process, Path bundle, Path processSpec,
                         boolean stdin, boolean attach, boolean mergeOutput) {}

    /** The running runc; {@code process}'s streams are the exec's stdio. */
    public record Started(Process process, int pid, CompletableFuture<Integer> exit) {}

    /**
     * Starts the exec and waits until it runs (berth-exec said so, or runc wrote its pid) or gave up, in which case
     * this throws a {@link Conmon.ConmonException} with the runtime's message (the same failure conmon would report).
     * The process spec file is written only for runc: berth-exec takes the process on its command line.
     */
    public Started start(Launch l) throws IOException {
        if (!Files.isDirectory(l.bundle())) Files.createDirectories(l.bundle());
        Path pidFile = l.bundle().resolve("pid");
        Path log = l.bundle().resolve("runc.log");
        Optional<List<String>> fast = helper.command(l.containerId(), l.config(), l.process(), readyFifo(l), log);
        if (fast.isPresent()) {
            return started(spawn(l, fast.get(), null, null));
        }
        Files.write(l.processSpec(), Json.mapper().writeValueAsBytes(l.process()));
        ProcessBuilder pb = new ProcessBuilder(runc.binary().toString(), "--root", runc.root().toString(), "--log",
                log.toString(), "--log-format", "json", "exec", "--process", l.processSpec().toString(),
                "--pid-file", pidFile.toString(), l.containerId());
        pb.redirectErrorStream(l.mergeOutput());
        pb.redirectInput(l.stdin() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (!l.attach()) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        return started(p, awaitPidFile(p, pidFile, log));
    }

    /**
     * An exec's berth-exec spawned when the exec is created, before its start: the program's own start, the process's
     * arguments and the files of the bundle are done by the time the client asks for the start, which then only
     * joins the container and runs the process. It waits holding nothing of the container (see berth-exec's --go).
     */
    public static final class Prepared {
        private final Launch launch;
        private final Process process;
        private final FileChannel ready;
        private final FileChannel go;
        private final ExecHelper.ContainerProcess target;

        private Prepared(Launch launch, Process process, FileChannel ready, FileChannel go,
                         ExecHelper.ContainerProcess target) {
            this.launch = launch;
            this.process = process;
            this.ready = ready;
            this.go = go;
            this.target = target;
        }
    }

    /** Spawns the exec's berth-exec ahead of its start; empty when the start must take another way (runc). */
    public Optional<Prepared> prepare(Launch l) throws IOException {
        Optional<ExecHelper.ContainerProcess> target = helper.target(l.containerId(), l.config());
        if (target.isEmpty()) return Optional.empty();
        if (!Files.isDirectory(l.bundle())) Files.createDirectories(l.bundle());
        Path go = l.bundle().resolve("go");
        Optional<List<String>> command = helper.command(l.containerId(), l.config(), l.process(), readyFifo(l), go,
                l.bundle().resolve("runc.log"));
        if (command.isEmpty()) return Optional.empty();
        return Optional.of(spawn(l, command.get(), go, target.get()));
    }

    /**
     * Starts a prepared exec; when its container's process is no longer the one it was prepared for (a restart in
     * between) or it is gone, it is discarded and the exec started as {@link #start(Launch)} does.
     */
    public Started start(Prepared p) throws IOException {
        Optional<ExecHelper.ContainerProcess> now = helper.target(p.launch.containerId(), p.launch.config());
        if (!p.process.isAlive() || !now.equals(Optional.of(p.target))) {
            discard(p);
            return start(p.launch);
        }
        // kept open until berth-exec has answered: a FIFO that no one holds loses what was written into it
        p.go.write(ByteBuffer.wrap(new byte[] {'g'}));
        return started(p);
    }

    /** Calls a prepared exec off: its berth-exec ends without having touched the container. */
    public void discard(Prepared p) {
        closeQuietly(p.go); // its last writer gone, berth-exec's wait ends
        closeQuietly(p.ready);
        p.process.destroyForcibly();
        for (java.io.Closeable stdio : List.of(p.process.getOutputStream(), p.process.getInputStream(),
                p.process.getErrorStream())) {
            try {
                stdio.close();
            } catch (IOException e) {
                // a pipe's close does not fail in a way that keeps it open
            }
        }
        removeFifos(p.launch);
    }

    /** The FIFOs of a start that did not happen, so that the next one can make them again. */
    private static void removeFifos(Launch l) {
        try {
            Files.deleteIfExists(l.bundle().resolve("go"));
            Files.deleteIfExists(readyFifo(l));
        } catch (IOException e) {
            // the bundle goes with the exec
        }
    }

    private static Path readyFifo(Launch l) {
        return l.bundle().resolve("ready");
    }

    /** Makes the FIFOs and spawns berth-exec with {@code command}; {@code go} null: it runs the process at once. */
    private Prepared spawn(Launch l, List<String> command, Path go, ExecHelper.ContainerProcess target)
            throws IOException {
        FileChannel ready = null;
        FileChannel goChannel = null;
        try {
            FileSystemCalls.mkfifo(readyFifo(l), 0600);
            if (go != null) FileSystemCalls.mkfifo(go, 0600);
            // read-write: the opens do not wait for berth-exec, and its writes never meet a FIFO without a reader
            ready = FileChannel.open(readyFifo(l), StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (go != null) goChannel = FileChannel.open(go, StandardOpenOption.READ, StandardOpenOption.WRITE);
            // berth-exec takes the process's environment from its arguments, in order, and nothing of berthd's
            Process p = ChildProcess.start(command, l.stdin(), !l.attach() ? ChildProcess.Output.DISCARD
                    : l.mergeOutput() ? ChildProcess.Output.MERGED : ChildProcess.Output.PIPES);
            return new Prepared(l, p, ready, goChannel, target);
        } catch (IOException | RuntimeException e) {
            closeQuietly(goChannel);
            closeQuietly(ready);
            removeFifos(l);
            throw e;
        }
    }

    private static Started started(Prepared p) throws IOException {
        int pid;
        try (FileChannel ready = p.ready) {
            pid = awaitReady(p.process, ready, p.launch.bundle().resolve("runc.log"));
        } finally {
            closeQuietly(p.go);
        }
        return started(p.process, pid);
    }

    private static Started started(Process p, int pid) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        p.onExit().thenAccept(done -> exit.complete(done.exitValue()));
        return new Started(p, pid, exit);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException e) {
            // a FIFO's close does not fail in a way that matters here
        }
    }

    /**
     * berth-exec's line on the ready FIFO: the pid once the process runs, "!" once it could not start. Its end (it died
     * without a word) and the step timeout are written into the same FIFO by us, so one blocking read (which a
     * virtual thread waits in without holding its carrier) sees whichever comes first, at once.
     */
    private static int awaitReady(Process p, FileChannel ready, Path log) throws IOException {
        CompletableFuture<Void> wake = p.onExit().thenRun(() -> poke(ready, EXITED));
        CompletableFuture<Void> timeout = CompletableFuture.runAsync(() -> poke(ready, TIMED_OUT),
                CompletableFuture.delayedExecutor(ConmonExec.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        try {
            String line = readLine(ready);
            if (!line.isEmpty() && Character.isDigit(line.charAt(0))) return Integer.parseInt(line);
            if (line.equals(TIMED_OUT.strip())) {
                p.destroyForcibly();
                throw new Conmon.ConmonException("runc exec did not start the process within "
                        + ConmonExec.STEP_TIMEOUT.toSeconds() + " s");
            }
            // "!" or gone: its status tells a usage error from a failed start, whose reason is in the log
            p.waitFor(ConmonExec.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new Conmon.ConmonException(runcError(log, p.isAlive() ? 255 : p.exitValue()));
        } catch (InterruptedException | java.nio.channels.ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new java.io.InterruptedIOException("interrupted starting an exec");
        } finally {
            wake.cancel(false);
            timeout.cancel(false);
        }
    }

    private static final String EXITED = "exited\n";
    private static final String TIMED_OUT = "timeout\n";

    private static void poke(FileChannel ready, String line) {
        try {
            ready.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            // closed: the start is over already
        }
    }

    /** One line (berth-exec writes each in one write, so it comes whole); pokes may follow it in the same read. */
    private static String readLine(FileChannel ready) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        StringBuilder line = new StringBuilder();
        while (true) {
            buf.clear();
            int n = ready.read(buf);
            if (n < 0) return line.toString();
            for (int i = 0; i < n; i++) {
                char c = (char) buf.get(i);
                if (c == '\n') return line.toString();
                line.append(c);
            }
        }
    }

    /** runc: polls for its pid file, 0.2 ms at first, doubling up to 5 ms. */
    private static int awaitPidFile(Process p, Path pidFile, Path log) throws IOException {
        long deadline = System.nanoTime() + ConmonExec.STEP_TIMEOUT.toNanos();
        long pause = 200_000;
        while (!Files.exists(pidFile)) {
            if (!p.isAlive()) {
                if (Files.exists(pidFile)) break;
                throw new Conmon.ConmonException(runcError(log, p.exitValue()));
            }
            if (System.nanoTime() - deadline > 0) {
                p.destroyForcibly();
                throw new Conmon.ConmonException("runc exec did not start the process within "
                        + ConmonExec.STEP_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(Duration.ofNanos(pause));
                pause = Math.min(pause * 2, 5_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new java.io.InterruptedIOException("interrupted starting an exec");
            }
        }
        return readPid(pidFile);
    }

    private static int readPid(Path pidFile) {
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (IOException | NumberFormatException e) {
            return 0; // written but not yet filled: the pid is only informative
        }
    }

    /** The last error runc logged, unescaped once (it is a JSON string). */
    static String runcError(Path log, int status) {
        String last = null;
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (!line.contains("\"level\":\"error\"")) continue;
                Matcher m = MSG.matcher(line);
                if (m.find()) last = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
        } catch (IOException e) {
            // no log: only the status is known
        }
        return last != null ? last : "runc exec exited with status " + status + " before the process started";
    }
}
