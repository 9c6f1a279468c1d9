package berth.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged berth CLI pointed at one daemon. */
public record Berth(String host) {

    public CommandResult run(String... args) {
        return ProcessRunner.run(command(args), Map.of(), null, Docker.DEFAULT_TIMEOUT);
    }

    public CommandResult runWithStdin(String stdin, String... args) {
        return ProcessRunner.run(command(args), Map.of(), stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Docker.DEFAULT_TIMEOUT);
    }

    public CommandResult ok(String... args) {
        return run(args).requireSuccess();
    }

    /** With extra environment (DOCKER_CONFIG, PATH) and standard input (may be null). */
    public CommandResult exec(Map<String, String> env, byte[] stdin, String... args) {
        return ProcessRunner.run(command(args), env, stdin, Docker.DEFAULT_TIMEOUT);
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(BerthRoot.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                BerthRoot.berthCliJar().toString(), "-H", host));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
