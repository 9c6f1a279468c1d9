package berth.it.harness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real docker CLI pointed at one daemon: the compatibility oracle. */
public record Docker(String host) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public CommandResult run(String... args) {
        return exec(null, DEFAULT_TIMEOUT, args);
    }

    public CommandResult runWithStdin(String stdin, String... args) {
        return exec(stdin.getBytes(StandardCharsets.UTF_8), DEFAULT_TIMEOUT, args);
    }

    public CommandResult exec(byte[] stdin, Duration timeout, String... args) {
        return ProcessRunner.run(command(args), env(), stdin, timeout);
    }

    /** Runs and fails the test unless it exits 0. */
    public CommandResult ok(String... args) {
        return run(args).requireSuccess();
    }

    public BackgroundCommand background(String... args) {
        return BackgroundCommand.start(command(args), env());
    }

    /** {@code docker inspect --format <template> <ref>}, stripped. */
    public String inspect(String template, String ref) {
        return ok("inspect", "--format", template, ref).out();
    }

    public Map<String, String> env() {
        return Map.of("DOCKER_HOST", host, "DOCKER_CONFIG", "/tmp/bit-docker-config");
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BerthRoot.DOCKER);
        cmd.addAll(List.of(args));
        return cmd;
    }
}
