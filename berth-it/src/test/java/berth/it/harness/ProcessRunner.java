package berth.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one command to completion with optional stdin bytes and a hard timeout; output is read concurrently. */
public final class ProcessRunner {
    private ProcessRunner() {}

    public static CommandResult run(List<String> command, Map<String, String> env, byte[] stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            Thread outReader = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
            Thread errReader = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
            if (stdin != null) {
                Thread.ofVirtual().start(() -> {
                    try (OutputStream in = p.getOutputStream()) {
                        in.write(stdin);
                    } catch (IOException ignored) {
                        // the command may exit without reading all of its input; that is its business
                    }
                });
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                outReader.join(2000);
                errReader.join(2000);
                throw new AssertionError("timed out after " + timeout + ": " + new CommandResult(command, -1,
                        text(out), text(err)).describe());
            }
            outReader.join();
            errReader.join();
            return new CommandResult(command, p.exitValue(), text(out), text(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream sink) {
        try (in) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (sink) {
                    sink.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process was killed: keep what was read
        }
    }

    private static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(StandardCharsets.UTF_8);
        }
    }
}
