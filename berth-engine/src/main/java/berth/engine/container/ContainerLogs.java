package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotImplementedException;
import berth.api.model.LogConfig;
import berth.engine.container.ContainerService.LogOptions;
import berth.engine.container.ContainerService.LogSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The log store of all containers: which policy a container's recorded LogConfig stands for (with the daemon's
 * defaults), the files prepared before conmon starts, their rotation while it runs, and reading them back.
 */
final class ContainerLogs implements AutoCloseable {
    private final LogConfig defaults;
    private final LogRotator rotator;

    ContainerLogs(LogConfig defaults) throws IOException {
        this.defaults = defaults == null ? LogPolicy.DAEMON_DEFAULT : defaults;
        this.rotator = new LogRotator();
    }

    /**
     * For create: the request's LogConfig with the daemon's defaults merged in, as it is to be recorded and shown by
     * inspect; throws InvalidArgumentException (400) with Docker's message when it cannot be applied.
     */
    LogConfig merge(LogConfig requested) {
        return LogPolicy.merge(requested, defaults);
    }

    /** Merged again at use, so that a record written before LogConfig was merged at create still gets the defaults. */
    LogPolicy policy(ContainerRecord r) {
        return LogPolicy.of(LogPolicy.merge(r.hostConfig().logConfig(), defaults));
    }

    /** Readies the files for conmon; returns the log file to hand it, or null when the container keeps no log. */
    Path beforeStart(ContainerLayout l, LogPolicy policy) throws IOException {
        if (!policy.keepsLog()) return null;
        rotator.prepare(new LogFiles(l.log(), policy.maxFile()));
        return l.log();
    }

    /** After conmon started, or at berthd start-up for a container that kept running: keep its rotated files. */
    void keep(ContainerLayout l, LogPolicy policy) {
        if (policy.keepsLog()) rotator.watch(new LogFiles(l.log(), policy.maxFile()));
    }

    /** At berthd start-up, for a container that kept running: catch up with rotations missed while berthd was down. */
    void resume(ContainerRecord r, ContainerLayout l) {
        keep(l, readPolicy(r));
    }

    /** Throws Docker's 501 for a container whose driver keeps nothing, before any response is sent. */
    void checkReadable(ContainerRecord r) {
        if (!readPolicy(r).keepsLog()) throw new NotImplementedException("configured logging driver does not support reading");
    }

    void read(ContainerRecord r, ContainerLayout l, LogOptions options, LogSink sink, BooleanSupplier running)
            throws IOException {
        LogReader.read(new LogFiles(l.log(), readPolicy(r).maxFile()), options, sink, running);
    }

    /** Reading never fails on a configuration that could not be started: whatever files exist are read. */
    private LogPolicy readPolicy(ContainerRecord r) {
        try {
            return policy(r);
        } catch (InvalidArgumentException e) {
            return new LogPolicy(LogPolicy.JSON_FILE, LogPolicy.DEFAULT_MAX_SIZE, LogPolicy.DEFAULT_MAX_FILE);
        }
    }

    @Override
    public void close() throws IOException {
        rotator.close();
    }
}
