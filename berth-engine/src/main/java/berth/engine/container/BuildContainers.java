package berth.engine.container;

import berth.engine.image.ImageRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The containers of a build's RUN steps: real containers (same runtime, security defaults and default network as
 * {@code run}), but on a build step's image, which no name resolves, and hidden from the container list. Each lives
 * only for its step; one left by a berthd that died mid-build is removed at start-up.
 */
public interface BuildContainers {

    static BuildContainers of(ContainerService containers) {
        return new BuildStepRunner((LocalContainerService) containers);
    }

    /**
     * What a RUN step runs: {@code command} (the shell form already wrapped in the shell) with {@code env},
     * {@code user} and {@code workingDir} on {@code image}; {@code hostConfig} holds the HostConfig fields the build
     * asked for (JSON names: NetworkMode, ExtraHosts, ShmSize, Memory, ...).
     */
    record Step(ImageRecord image, List<String> command, List<String> env, String user, String workingDir,
                Map<String, Object> hostConfig) {}

    /** Reads the step's upper directory (its changes) once the process has exited with status 0. */
    @FunctionalInterface
    interface UpperReader<T> {
        T read(Path upper) throws IOException;
    }

    @FunctionalInterface
    interface Output {
        void write(byte[] data, int offset, int length) throws IOException;
    }

    record Result<T>(int exitCode, T layer) {}

    /**
     * Runs the step: {@code created} gets the container's ID once it exists, {@code output} its stdout and stderr as
     * they come. {@code alive} is asked while it runs: false (the client left) kills and removes it and throws
     * {@link java.util.concurrent.CancellationException}. The container is removed whatever happens.
     */
    <T> Result<T> run(Step step, Consumer<String> created, Output output, BooleanSupplier alive, UpperReader<T> upper);

    /** Removes build containers a previous berthd left behind (killed mid-build). */
    void removeLeftovers();
}
