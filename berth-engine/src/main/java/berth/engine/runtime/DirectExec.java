package berth.engine.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exec without a terminal, as berthd's child: by {@link ExecHelper berth-exec} when it can apply the process
 * exactly (a few ms), else by {@code runc exec --process <spec>} in the foreground (~100 ms). Either way the process's
 * stdio are our pipes, and the child's exit status is the process's (128+n for a signal). Both write a failure to
 * start to a runc-style JSON log in the bundle, which tells a process that could not start from one that exited 255.
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
     * Starts the exec and waits until it runs (runc wrote its pid) or runc gave up, in which case this throws a
     * {@link Conmon.ConmonException} with runc's message (the same failure conmon would report).
     */
    public Started start(Launch l) throws IOException {
        Files.createDirectories(l.bundle());
        Path pidFile = l.bundle().resolve("pid");
        Path log = l.bundle().resolve("runc.log");
        Optional<List<String>> fast = helper.command(l.containerId(), l.config(), l.process(), pidFile, log);
        ProcessBuilder pb = new ProcessBuilder(fast.orElseGet(() -> List.of(runc.binary().toString(), "--root",
                runc.root().toString(), "--log", log.toString(), "--log-format", "json", "exec", "--process",
                l.processSpec().toString(), "--pid-file", pidFile.toString(), l.containerId())));
        // berth-exec takes the process's environment from its arguments, in order, and passes nothing of berthd's
        if (fast.isPresent()) pb.environment().clear();
        pb.redirectErrorStream(l.mergeOutput());
        pb.redirectInput(l.stdin() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (!l.attach()) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        long deadline = System.nanoTime() + ConmonExec.STEP_TIMEOUT.toNanos();
        // 0.2 ms at first (berth-exec is done in a few), doubling up to 5 ms (runc, or a loaded machine)
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
        int pid = readPid(pidFile);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        p.onExit().thenAccept(done -> exit.complete(done.exitValue()));
        return new Started(p, pid, exit);
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
