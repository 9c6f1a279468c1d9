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

    /** An exec without a terminal will be started soon: see {@link ExecHelper#warmUp}. */
    public void prepare() {
        helper.warmUp();
    }

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
        Path readyFifo = l.bundle().resolve("ready");
        Path log = l.bundle().resolve("runc.log");
        Optional<List<String>> fast = helper.command(l.containerId(), l.config(), l.process(), readyFifo, log);
        if (fast.isEmpty()) Files.write(l.processSpec(), Json.mapper().writeValueAsBytes(l.process()));
        int pid;
        Process p;
        if (fast.isPresent()) {
            helper.warmUp();
            FileSystemCalls.mkfifo(readyFifo, 0600);
            // read-write: the open does not wait for berth-exec, and its write never meets a FIFO without a reader
            try (FileChannel ready = FileChannel.open(readyFifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                // berth-exec takes the process's environment from its arguments, in order, and nothing of berthd's
                p = ChildProcess.start(fast.get(), l.stdin(), !l.attach() ? ChildProcess.Output.DISCARD
                        : l.mergeOutput() ? ChildProcess.Output.MERGED : ChildProcess.Output.PIPES);
                pid = awaitReady(p, ready, log);
            }
        } else {
            ProcessBuilder pb = new ProcessBuilder(runc.binary().toString(), "--root", runc.root().toString(), "--log",
                    log.toString(), "--log-format", "json", "exec", "--process", l.processSpec().toString(),
                    "--pid-file", pidFile.toString(), l.containerId());
            pb.redirectErrorStream(l.mergeOutput());
            pb.redirectInput(l.stdin() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (!l.attach()) {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            }
            p = pb.start();
            pid = awaitPidFile(p, pidFile, log);
        }
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        p.onExit().thenAccept(done -> exit.complete(done.exitValue()));
        return new Started(p, pid, exit);
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
