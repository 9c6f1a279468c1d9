package berth.engine.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exec without a terminal, run by {@code runc exec --process <spec>} in the foreground as berthd's child: the
 * process gets runc's stdio (our pipes) directly, and runc's exit status is the process's (128+n for a signal).
 * About three times faster than going through conmon's exec mode (measured: ~45 vs ~140 ms on a loaded machine),
 * which terminal execs still use for their pty. runc's own errors go to a JSON log in the bundle, which tells a
 * process that could not start from one that exited 255.
 */
public final class DirectExec {
    private static final Pattern MSG = Pattern.compile("\"msg\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Runc runc;

    public DirectExec(Runc runc) {
        this.runc = runc;
    }

    /** {@code attach}: stdout and stderr are pipes to read, else discarded; {@code stdin}: a pipe to write. */
    public record Launch(String containerId, Path bundle, Path processSpec, boolean stdin, boolean attach) {}

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
        ProcessBuilder pb = new ProcessBuilder(List.of(runc.binary().toString(), "--root", runc.root().toString(),
                "--log", log.toString(), "--log-format", "json", "exec", "--process", l.processSpec().toString(),
                "--pid-file", pidFile.toString(), l.containerId()));
        pb.redirectInput(l.stdin() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (!l.attach()) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        long deadline = System.nanoTime() + ConmonExec.STEP_TIMEOUT.toNanos();
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
                Thread.sleep(Duration.ofNanos(200_000));
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
