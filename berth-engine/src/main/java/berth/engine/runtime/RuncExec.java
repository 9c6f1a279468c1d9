package berth.engine.runtime;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code runc exec} of a short, non-interactive process in a running container, with the container's own process
 * spec (namespaces, user, groups, environment, working directory, capabilities, no-new-privileges) and only the
 * arguments replaced. stdout and stderr are read together, up to a cap; a process that outlives its timeout is killed.
 * The engine's health checks run through it.
 */
public final class RuncExec {
    /** What a process gave: its exit code (-1 when it timed out), its output (capped), and whether it timed out. */
    public record Result(int exitCode, String output, boolean timedOut) {}

    private final Runc runc;

    public RuncExec(Runc runc) {
        this.runc = runc;
    }

    /**
     * Runs {@code args} in container {@code id}, whose OCI bundle's config.json is {@code bundleConfig}. Throws
     * IOException when the process could not be run; runc's own failure (no such command) comes back as its output
     * with a non-zero exit code.
     */
    public Result run(String id, Path bundleConfig, List<String> args, Duration timeout, int maxOutput)
            throws IOException {
        Path bundle = bundleConfig.getParent();
        Path processFile = Files.createTempFile(bundle, "exec-", ".json");
        Path pidFile = bundle.resolve(processFile.getFileName() + ".pid");
        Process p = null;
        try {
            Files.write(processFile, processSpec(bundleConfig, args));
            p = new ProcessBuilder(runc.binary().toString(), "--root", runc.root().toString(), "exec", "--process",
                    processFile.toString(), "--pid-file", pidFile.toString(), id)
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            InputStream out = p.getInputStream();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readCapped(out, maxOutput),
                    task -> Thread.ofVirtual().start(task));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killExecuted(pidFile);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "", true);
            }
            byte[] bytes = output.get(5, TimeUnit.SECONDS);
            return new Result(p.exitValue(), new String(bytes, StandardCharsets.UTF_8), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killExecuted(pidFile);
            throw new java.io.InterruptedIOException("runc exec in " + id + " interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("runc exec in " + id + ": its output could not be read", e);
        } finally {
            if (p != null && p.isAlive()) p.destroyForcibly();
            Files.deleteIfExists(processFile);
            Files.deleteIfExists(pidFile);
        }
    }

    /** The container's process, with other arguments and no terminal. */
    static byte[] processSpec(Path bundleConfig, List<String> args) throws IOException {
        JsonNode config = Json.mapper().readTree(bundleConfig.toFile());
        JsonNode process = config.get("process");
        if (process == null || !process.isObject()) throw new IOException(bundleConfig + " has no process");
        ObjectNode spec = ((ObjectNode) process).deepCopy();
        spec.set("args", Json.mapper().valueToTree(args));
        spec.put("terminal", false);
        spec.remove("consoleSize");
        return Json.mapper().writeValueAsBytes(spec);
    }

    /** The executed process itself: killing runc alone would leave it running inside the container. */
    private static void killExecuted(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | NumberFormatException e) {
            // not started yet, or gone
        }
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
