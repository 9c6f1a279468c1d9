package berth.engine.runtime;

import berth.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A short, non-interactive process in a running container, with the container's own process spec (namespaces, user,
 * groups, environment, working directory, capabilities, no-new-privileges) and only the arguments replaced, started
 * the way every exec without a terminal is ({@link DirectExec}: berth-exec, or runc). stdout and stderr are read
 * together, up to a cap; a process that outlives its timeout is killed. The engine's health checks run through it.
 */
public final class ShortExec {
    /** What a process gave: its exit code (-1 when it timed out), its output (capped), and whether it timed out. */
    public record Result(int exitCode, String output, boolean timedOut) {}

    private final DirectExec direct;

    public ShortExec(DirectExec direct) {
        this.direct = direct;
    }

    /**
     * Runs {@code args} in container {@code id}, whose OCI bundle's config.json is {@code bundleConfig}. Throws
     * {@link Conmon.ConmonException} with the runtime's message when the process could not be started (no such
     * command), IOException when nothing could be run.
     */
    public Result run(String id, Path bundleConfig, List<String> args, Duration timeout, int maxOutput)
            throws IOException {
        Path bundle = Files.createTempDirectory(bundleConfig.getParent(), "exec-");
        DirectExec.Started started = null;
        try {
            Map<String, Object> spec = processSpec(bundleConfig, args);
            Path processFile = bundle.resolve("process.json"); // written by DirectExec when runc runs it
            started = direct.start(new DirectExec.Launch(id, bundleConfig, spec, bundle, processFile, false, true,
                    true));
            Process p = started.process();
            InputStream out = p.getInputStream();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readCapped(out, maxOutput),
                    task -> Thread.ofVirtual().start(task));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killExecuted(started.pid());
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "", true);
            }
            byte[] bytes = output.get(5, TimeUnit.SECONDS);
            return new Result(p.exitValue(), new String(bytes, StandardCharsets.UTF_8), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (started != null) killExecuted(started.pid());
            throw new java.io.InterruptedIOException("exec in " + id + " interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("exec in " + id + ": its output could not be read", e);
        } finally {
            if (started != null && started.process().isAlive()) started.process().destroyForcibly();
            ConmonExec.removeBundle(bundle);
        }
    }

    /** The container's process, with other arguments and no terminal. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> processSpec(Path bundleConfig, List<String> args) throws IOException {
        Map<String, Object> config = Json.mapper().readValue(bundleConfig.toFile(), Map.class);
        if (!(config.get("process") instanceof Map<?, ?> process)) throw new IOException(bundleConfig + " has no process");
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) process);
        spec.put("args", List.copyOf(args));
        spec.put("terminal", false);
        spec.remove("consoleSize");
        return spec;
    }

    /** The executed process itself: killing its parent alone would leave it running inside the container. */
    private static void killExecuted(int pid) {
        if (pid > 0) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    /** Reads everything (so that the writer never blocks), keeping the first {@code max} bytes. */
    private static byte[] readCapped(InputStream in, int max) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                int room = max - kept.size();
                if (room > 0) kept.write(buf, 0, Math.min(room, n));
            }
        } catch (IOException e) {
            // the process went away; keep what came
        }
        return kept.toByteArray();
    }
}
