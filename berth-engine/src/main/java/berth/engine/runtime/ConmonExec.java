package berth.engine.runtime;

import berth.engine.sys.FifoChannel;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs one more process in a running container: conmon in exec mode runs {@code runc exec --process <spec>}, so the
 * process joins the container's namespaces and cgroup under the container's seccomp profile, and conmon keeps its
 * stdio (attach socket, ctl FIFO for resizes, a pty in terminal mode) and reports its exit code. conmon talks over
 * three pipes, passed as FIFOs by the launching shell: sync (fd 3: the pid, later the exit code), start (fd 4: two
 * go-aheads) and attach (fd 5: "the attach socket is listening"). Between the attach message and the second
 * go-ahead the caller connects its attach clients, so that no output is lost.
 */
public final class ConmonExec {
    /** How long conmon may take to answer each step before the exec is given up. */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final Runc runc;

    public ConmonExec(Path binary, Runc runc) {
        this.binary = binary;
        this.runc = runc;
    }

    /**
     * One exec: {@code bundle} is a fresh directory for conmon's sockets and FIFOs (short enough for a unix socket
     * path), {@code processSpec} the OCI process JSON. Without {@code attach} nobody reads the output.
     */
    public record Launch(String containerId, String execId, Path bundle, Path processSpec, boolean stdin,
                         boolean tty, boolean attach) {}

    /** A started exec: the process's host pid, and its exit code (128+n for a signal) once it ends. */
    public record Started(int pid, Path bundle, CompletableFuture<Integer> exit) {
        public Path attachSocket() {
            return bundle.resolve("attach");
        }

        /** conmon's control FIFO: "1 rows cols\n" resizes the terminal. */
        public Path ctl() {
            return bundle.resolve("ctl");
        }
    }

    /**
     * Starts the exec; {@code attachReady} runs with the attach socket's path before the process is released. A
     * failure of runc exec (no such command, bad user or directory) is a {@link Conmon.ConmonException} with
     * runc's message.
     */
    public Started start(Launch l, Consumer<Path> attachReady) throws IOException {
        Files.createDirectories(l.bundle());
        FifoChannel sync = FifoChannel.create(l.bundle().resolve("sync.fifo"));
        FifoChannel start = null;
        FifoChannel attach = null;
        boolean handedOff = false;
        try {
            if (l.attach()) {
                start = FifoChannel.create(l.bundle().resolve("start.fifo"));
                attach = FifoChannel.create(l.bundle().resolve("attach.fifo"));
            }
            Process launcher = launch(l);
            Path conmonPid = l.bundle().resolve("conmon.pid");
            if (l.attach()) {
                start.write(new byte[] {'0'}); // conmon's first go-ahead: set up, daemonize, listen on attach
                String ready = attach.readLine(STEP_TIMEOUT, () -> launcher.isAlive() || conmonAlive(conmonPid, true));
                if (exitCode(ready) != 0) throw new Conmon.ConmonException("conmon: unexpected attach reply: " + ready);
                attachReady.accept(l.bundle().resolve("attach"));
                start.write(new byte[] {'1'}); // the second: run runc exec
            }
            String reply = sync.readLine(STEP_TIMEOUT, () -> launcher.isAlive() || conmonAlive(conmonPid, true));
            int pid = Conmon.parse(reply);
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            FifoChannel exitPipe = sync;
            // a platform thread: poll(2) through FFM would pin a virtual thread's carrier for the exec's lifetime
            Thread.ofPlatform().daemon().name("exec-exit-" + l.execId().substring(0, 12)).start(() -> {
                try (exitPipe) {
                    exit.complete(exitCode(exitPipe.readLine(null, () -> conmonAlive(conmonPid, false))));
                } catch (IOException | RuntimeException e) {
                    exit.complete(-1); // conmon itself died: the exit code is lost
                }
            });
            handedOff = true;
            return new Started(pid, l.bundle(), exit);
        } catch (Fifos.NoDataException e) {
            throw new Conmon.ConmonException("conmon (runc exec) did not answer: " + e.getMessage());
        } finally {
            if (!handedOff) sync.close();
            if (start != null) start.close();
            if (attach != null) attach.close();
        }
    }

    private Process launch(Launch l) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                l.attach() ? "exec \"$@\" 3>\"$SYNC\" 4<\"$START\" 5>\"$ATTACH\"" : "exec \"$@\" 3>\"$SYNC\"",
                "sh", binary.toString(), "--api-version", "1", "-c", l.containerId(), "-u", l.execId(),
                "-n", l.execId(), "-r", runc.binary().toString(), "--runtime-arg", "--root",
                "--runtime-arg", runc.root().toString(), "-b", l.bundle().toString(),
                "-p", l.bundle().resolve("pid").toString(), "-P", l.bundle().resolve("conmon.pid").toString(),
                "-l", "none", "--log-level", "error", "--full-attach", "--no-sync-log",
                "-e", "--exec-process-spec", l.processSpec().toString()));
        if (l.attach()) cmd.add("--exec-attach");
        if (l.stdin()) cmd.add("-i");
        // Docker never closes a TTY session's stdin when its client leaves (detach keys, a killed client)
        if (l.stdin() && l.tty()) cmd.add("--leave-stdin-open");
        if (l.tty()) cmd.add("-t");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("_OCI_SYNCPIPE", "3");
        pb.environment().put("SYNC", l.bundle().resolve("sync.fifo").toString());
        if (l.attach()) {
            pb.environment().put("_OCI_STARTPIPE", "4");
            pb.environment().put("_OCI_ATTACHPIPE", "5");
            pb.environment().put("START", l.bundle().resolve("start.fifo").toString());
            pb.environment().put("ATTACH", l.bundle().resolve("attach.fifo").toString());
        }
        return pb.start();
    }

    /** conmon's last word on the sync pipe: {"data": <exit code>} (a negative number when it failed itself). */
    static int exitCode(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"data\"\\s*:\\s*(-?\\d+)").matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** {@code unknownIsAlive}: while conmon may not have written its pid file yet. */
    private static boolean conmonAlive(Path pidFile, boolean unknownIsAlive) {
        try {
            int pid = Integer.parseInt(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
            return ProcessStat.of(pid).map(s -> s.isLive() && s.comm().equals("conmon")).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return unknownIsAlive;
        }
    }

    /** Removes what conmon and this class left in an exec's bundle once the exec is over. */
    public static void removeBundle(Path bundle) {
        try (var files = Files.list(bundle)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(bundle);
        } catch (IOException e) {
            // best effort: the exec root is a tmpfs that a reboot empties
        }
    }
}
