package berth.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A long-running command (logs -f, events, a pull to interrupt) whose output lines are collected as they come. */
public final class BackgroundCommand implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private BackgroundCommand(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        this.outReader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), true));
        this.errReader = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), false));
    }

    public static BackgroundCommand start(List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        try {
            return new BackgroundCommand(command, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(stdout);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the command to end by itself; null if it did not within the timeout. */
    public CommandResult awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return null;
        return snapshot(process.exitValue());
    }

    public CommandResult snapshot(int exitCode) throws InterruptedException {
        outReader.join(2000);
        errReader.join(2000);
        synchronized (this) {
            return new CommandResult(command, exitCode, String.join("\n", stdout) + "\n", stderr.toString());
        }
    }

    public String describe() {
        synchronized (this) {
            return new CommandResult(command, process.isAlive() ? -1 : process.exitValue(),
                    String.join("\n", stdout), stderr.toString()).describe();
        }
    }

    private void drain(java.io.InputStream in, boolean isStdout) {
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (this) {
                    if (isStdout) stdout.add(line);
                    else stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // killed
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
