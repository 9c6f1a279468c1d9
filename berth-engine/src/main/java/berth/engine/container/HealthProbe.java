package berth.engine.container;

import berth.api.model.HealthcheckResult;
import berth.engine.runtime.Conmon;
import berth.engine.runtime.ShortExec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Runs one health check command in a running container, as an exec with the container's process spec. */
final class HealthProbe {
    private final ShortExec exec;
    private final ContainerLayouts layouts;

    HealthProbe(ShortExec exec, ContainerLayouts layouts) {
        this.exec = exec;
        this.layouts = layouts;
    }

    /** The result as Docker records it: a command that could not run, or ran out of time, is exit code -1. */
    HealthcheckResult probe(String id, List<String> command, Duration timeout) throws InterruptedIOException {
        Instant start = Instant.now();
        try {
            ShortExec.Result r = exec.run(id, layouts.of(id).configJson(), command, timeout, HealthState.MAX_OUTPUT);
            if (r.timedOut()) {
                return result(start, -1, "Health check exceeded timeout (" + HealthSpec.goDuration(timeout) + ")");
            }
            return result(start, r.exitCode(), r.output());
        } catch (Conmon.ConmonException e) {
            // the command could not be started (not found, not executable): not an exit code of the command's
            return result(start, -1, "OCI runtime exec failed: " + e.getMessage() + ": unknown");
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            return result(start, -1, String.valueOf(e.getMessage()));
        }
    }

    private static HealthcheckResult result(Instant start, int code, String output) {
        return new HealthcheckResult(start.toString(), Instant.now().toString(), code, output);
    }
}
