package berth.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run on a real pseudo-terminal: util-linux's {@code script} gives it a pty (30 rows, 100 columns), passes
 * what the test types to the terminal and collects everything the terminal shows. The docker CLI under it sees a
 * TTY, goes into raw mode and sends keystrokes as they are, as for a user at a terminal.
 */
public final class PtySession implements AutoCloseable {
    private final String commandLine;
    private final Process process;
    private final OutputStream keyboard;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Thread reader;

    private PtySession(String commandLine, Process process) {
        this.commandLine = commandLine;
        this.process = process;
        this.keyboard = process.getOutputStream();
        this.reader = Thread.ofVirtual().start(() -> drain(process.getInputStream()));
    }

    /** Runs {@code shellCommand} (a sh command line) on a new terminal with {@code env} added. */
    public static PtySession start(String shellCommand, Map<String, String> env) {
        String line = "stty cols 100 rows 30; " + shellCommand;
        ProcessBuilder pb = new ProcessBuilder(List.of("script", "-qefc", line, "/dev/null")).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            return new PtySession(line, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start script for " + line, e);
        }
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (screen) {
                    screen.write(buf, 0, n);
                    screen.notifyAll();
                }
            }
        } catch (IOException e) {
            // the session ended
        }
    }

    /** Everything the terminal showed so far. */
    public String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Types {@code keys} (control characters included: "\u0003" is Ctrl-C). */
    public void type(String keys) {
        try {
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the terminal session has ended: " + describe(), e);
        }
    }

    /** Waits until the terminal has shown {@code text}; fails with what it showed otherwise. */
    public void awaitScreen(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (screen) {
            while (!screen.toString(StandardCharsets.UTF_8).contains(text)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) throw new AssertionError("terminal never showed '" + text + "': " + describe());
                screen.wait(Math.min(left, 200));
            }
        }
    }

    /** Waits for the command to end; its exit code (script -e passes it on), or null if it did not end in time. */
    public Integer awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return null;
        reader.join(2000);
        return process.exitValue();
    }

    /** Kills the docker CLI running under the terminal (SIGKILL), as a crashed or killed client. */
    public void killClient() {
        List<ProcessHandle> clients = new ArrayList<>();
        process.toHandle().descendants().filter(p -> p.info().command().map(c -> c.endsWith("/docker")).orElse(false))
                .forEach(clients::add);
        if (clients.isEmpty()) throw new AssertionError("no docker CLI under the terminal: " + describe());
        clients.forEach(ProcessHandle::destroyForcibly);
    }

    /** Closes the terminal under the client (script, which holds the pty, is killed): the client gets SIGHUP. */
    public void closeTerminal() {
        process.destroyForcibly();
    }

    public String describe() {
        return commandLine + "\n  terminal showed: " + screen().replace("\r", "\\r").replace("\u001b", "\\e");
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
