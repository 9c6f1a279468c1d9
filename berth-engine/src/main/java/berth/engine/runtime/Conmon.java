package berth.engine.runtime;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launches conmon, which runs {@code runc create} and then supervises the container: it keeps the stdio, writes the
 * k8s-file log, serves the attach socket and writes the exit code to the exit directory. conmon reports the container's
 * pid (or runc's error) on its sync pipe, fd 3; the JDK cannot pass an extra fd, so a shell execs conmon with fd 3
 * redirected to a FIFO we hold open read-write (so that opening never blocks).
 */
public final class Conmon {
    /** How long conmon may take to report the container's pid (it runs {@code runc create} meanwhile). */
    public static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern DATA = Pattern.compile("\"data\"\\s*:\\s*(-?\\d+)");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"(.*)\"\\s*}?\\s*$", Pattern.DOTALL);

    private final Path binary;
    private final Runc runc;
    private final Path exitDir;
    private final Path socketDir;
    private final Duration createTimeout;

    public Conmon(Path binary, Runc runc, Path exitDir, Path socketDir) {
        this(binary, runc, exitDir, socketDir, CREATE_TIMEOUT);
    }

    public Conmon(Path binary, Runc runc, Path exitDir, Path socketDir, Duration createTimeout) {
        this.createTimeout = createTimeout;
        this.binary = binary;
        this.runc = runc;
        this.exitDir = exitDir;
        this.socketDir = socketDir;
    }

    public Path exitDir() {
        return exitDir;
    }

    /**
     * What to launch: the bundle holds config.json; the log and persist paths are conmon's outputs. A null
     * {@code logFile} keeps no log; {@code logSizeMax} > 0 makes conmon start a new log file before one would
     * grow past that many bytes.
     */
    public record Launch(String id, String name, Path bundle, Path logFile, long logSizeMax, Path persistDir,
                         boolean stdin, boolean tty, boolean leaveStdinOpen) {
        public Launch(String id, String name, Path bundle, Path logFile, long logSizeMax, Path persistDir,
                      boolean stdin, boolean tty) {
            this(id, name, bundle, logFile, logSizeMax, persistDir, stdin, tty, false);
        }
    }

    /** Starts conmon and returns the container's init pid once {@code runc create} succeeded. */
    public int create(Launch l) throws IOException {
        Path fifo = l.bundle().resolve("sync.fifo");
        Files.deleteIfExists(fifo);
        FileSystemCalls.mkfifo(fifo, 0600);
        try (FileChannel sync = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 3>\"$SYNC\"", "sh", binary.toString(),
                    "--api-version", "1", "-c", l.id(), "-u", l.id(), "-n", l.name(),
                    "-r", runc.binary().toString(), "--runtime-arg", "--root", "--runtime-arg", runc.root().toString(),
                    "-b", l.bundle().toString(), "-p", l.bundle().resolve("pidfile").toString(),
                    "-P", l.bundle().resolve("conmon.pid").toString(), "--exit-dir", exitDir.toString(),
                    "--log-level", "error", "--socket-dir-path", socketDir.toString(),
                    "--full-attach", "--persist-dir", l.persistDir().toString()));
            cmd.addAll(logArguments(l));
            if (l.stdin()) cmd.add("-i");
            // Docker's StdinOnce=false: a client that detaches or ends its input leaves the container's stdin open
            if (l.stdin() && l.leaveStdinOpen()) cmd.add("--leave-stdin-open");
            if (l.tty()) cmd.add("-t");
            // conmon writes an "oom" file into its working directory (besides persist/oom) when the container is
            // OOM-killed: run it in the bundle, as Podman does, not in berthd's own working directory
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(l.bundle().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("_OCI_SYNCPIPE", "3");
            pb.environment().put("SYNC", fifo.toString());
            Process launcher = pb.start();
            String reply;
            try {
                reply = readLine(sync, fifo, launcher, createTimeout);
            } catch (ConmonException e) {
                killDaemonized(l.bundle().resolve("conmon.pid"));
                throw e;
            }
            return parse(reply);
        } finally {
            Files.deleteIfExists(fifo);
        }
    }

    static List<String> logArguments(Launch l) {
        if (l.logFile() == null) return List.of("-l", "none");
        if (l.logSizeMax() <= 0) return List.of("-l", "k8s-file:" + l.logFile());
        return List.of("-l", "k8s-file:" + l.logFile(), "--log-size-max", Long.toString(l.logSizeMax()));
    }

    /** The pid from {"data": N}; a negative one carries runc's error, which becomes the exception's message. */
    static int parse(String reply) throws ConmonException {
        Matcher m = DATA.matcher(reply);
        if (!m.find()) throw new ConmonException("conmon: unexpected reply: " + reply);
        int pid = Integer.parseInt(m.group(1));
        if (pid > 0) return pid;
        Matcher msg = MESSAGE.matcher(reply);
        String text = msg.find() ? msg.group(1) : reply;
        throw new ConmonException(runcMessage(text));
    }

    /** runc logs in logrus text form (time=.. level=error msg="..."), escaped once more by conmon: keep the msg. */
    static String runcMessage(String text) {
        String t = text;
        int msg = t.indexOf("msg=");
        if (msg >= 0) t = t.substring(msg + 4);
        for (int i = 0; i < 3; i++) t = t.replace("\\\\", "\\").replace("\\\"", "\"");
        t = t.replace("\\n", "").strip();
        while (t.startsWith("\"")) t = t.substring(1);
        while (t.endsWith("\"")) t = t.substring(0, t.length() - 1);
        return t.strip();
    }

    private static String readLine(FileChannel sync, Path fifo, Process launcher, Duration timeout) throws IOException {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> line = executor.submit(() -> {
                ByteBuffer buf = ByteBuffer.allocate(8192);
                while (true) {
                    int n = sync.read(buf);
                    if (n < 0) break;
                    String s = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                    int nl = s.indexOf('\n');
                    if (nl >= 0) return s.substring(0, nl);
                    if (!buf.hasRemaining()) return s;
                }
                return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            });
            try {
                return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // an interrupt does not end a read blocked on a FIFO (and the executor's close would wait for it):
                // a line of our own, through a second descriptor (the reader holds the channel's lock), releases it
                try (FileChannel wake = FileChannel.open(fifo, StandardOpenOption.WRITE)) {
                    wake.write(ByteBuffer.wrap(new byte[] {'\n'}));
                }
                launcher.destroyForcibly();
                throw new ConmonException("conmon (runc create) timed out after " + timeout.toMillis()
                        + " ms without reporting the container's pid, and was killed");
            } catch (ExecutionException e) {
                throw new IOException("reading conmon's sync pipe: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for conmon");
            } finally {
                launcher.destroy();
            }
        }
    }

    /** conmon detaches from its launcher: a hung one is found through the pid file it wrote, if it got that far. */
    private static void killDaemonized(Path pidFile) {
        try {
            int pid = Integer.parseInt(Files.readString(pidFile).strip());
            var stat = berth.engine.sys.ProcessStat.of(pid);
            if (stat.isPresent() && stat.get().comm().equals("conmon")) {
                berth.engine.sys.Pidfd.signal(pid, stat.get().startTime(), 9);
            }
        } catch (IOException | NumberFormatException e) {
            // no pid file: conmon never detached, and its launcher was killed
        }
    }

    /** conmon or runc failed to create the container; the message is runc's. */
    public static final class ConmonException extends IOException {
        public ConmonException(String message) {
            super(message);
        }
    }
}
