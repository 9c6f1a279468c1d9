package berth.engine.container;

import berth.api.model.HealthcheckResult;
import berth.engine.runtime.RuncExec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs one health check command in a running container ({@code runc exec} with the container's process spec). */
final class HealthProbe {
    private final RuncExec exec;
    private final ContainerLayouts layouts;

    HealthProbe(RuncExec exec, ContainerLayouts layouts) {
        this.exec = exec;
        this.layouts = layouts;
    }

    /** The result as Docker records it: a command that could not run, or ran out of time, is exit code -1. */
    HealthcheckResult probe(String id, List<String> command, Duration timeout) throws InterruptedIOException {
        Instant start = Instant.now();
        try {
            RuncExec.Result r = exec.run(id, layouts.of(id).configJson(), command, timeout, HealthState.MAX_OUTPUT);
            if (r.timedOut()) {
                return result(start, -1, "Health check exceeded timeout (" + HealthSpec.goDuration(timeout) + ")");
            }
            // runc's own failure to start the command (not found, not executable) is not the command's exit code
            boolean notRun = r.exitCode() == 255 && r.output().contains("exec failed");
            if (notRun) return result(start, -1, "OCI runtime exec failed: " + runcMessage(r.output()) + ": unknown");
            return result(start, r.exitCode(), r.output());
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            return result(start, -1, String.valueOf(e.getMessage()));
        }
    }

    private static final Pattern LOGRUS_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** runc logs its error as a logrus line ({@code level=error msg="exec failed: ..."}): its message alone. */
    static String runcMessage(String output) {
        Matcher m = LOGRUS_MSG.matcher(output);
        if (!m.find()) return output.strip();
        return m.group(1).replaceAll("\\\\(.)", "$1");
    }

    private static HealthcheckResult result(Instant start, int code, String output) {
        return new HealthcheckResult(start.toString(), Instant.now().toString(), code, output);
    }
}
