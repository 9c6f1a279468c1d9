package berth.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged berth CLI pointed at one daemon. */
public record Berth(String host) {

    /** The CLI's classes, archived by its first command of the run for the others (it runs hundreds of times). */
    private static final ClassArchive ARCHIVE = new ClassArchive("berth-cli-it.jsa");

    /** bin/berth's options for a short-lived client: C1 only, the serial GC. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED");

    public CommandResult run(String... args) {
        return exec(Map.of(), null, args);
    }

    public CommandResult runWithStdin(String stdin, String... args) {
        return exec(Map.of(), stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8), args);
    }

    public CommandResult ok(String... args) {
        return run(args).requireSuccess();
    }

    /** With extra environment (DOCKER_CONFIG, PATH) and standard input (may be null). */
    public CommandResult exec(Map<String, String> env, byte[] stdin, String... args) {
        ClassArchive.Use archive = ARCHIVE.next();
        boolean ended = false;
        try {
            CommandResult r = ProcessRunner.run(command(archive, args), env, stdin, Docker.DEFAULT_TIMEOUT);
            ended = true;
            return r;
        } finally {
            ARCHIVE.ended(archive, ended);
        }
    }

    private List<String> command(ClassArchive.Use archive, String... args) {
        List<String> cmd = new ArrayList<>(List.of(BerthRoot.JAVA));
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(archive.options());
        cmd.addAll(List.of("-jar", BerthRoot.berthCliJar().toString(), "-H", host));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
