package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The quick parser of run and ps gives the command exactly what picocli's parse of the same command line gives it. */
class QuickParsingTest {
    @TempDir
    Path dir;

    private static RunCommand picocliRun(String... args) {
        RunCommand run = new RunCommand();
        CommandLine cmd = new CommandLine(run);
        cmd.setStopAtPositional(true);
        cmd.parseArgs(args);
        return run;
    }

    private static String[] withVerb(String verb, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = verb;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    private static void assertSameRun(String... args) throws Exception {
        RunCommand quick = RunCommand.quick(withVerb("run", args), 1);
        assertThat(quick).as(String.join(" ", args)).isNotNull();
        RunCommand reference = picocliRun(args);
        assertThat(quick.options.createBody(quick.detach)).as(String.join(" ", args))
                .isEqualTo(reference.options.createBody(reference.detach));
        assertThat(quick.options.pull).isEqualTo(reference.options.pull);
        assertThat(quick.detach).isEqualTo(reference.detach);
        assertThat(quick.options.image).isEqualTo(reference.options.image);
        assertThat(quick.options.command).isEqualTo(reference.options.command);
    }

    @Test
    void runCommandLinesGiveTheSameCreateBody() throws Exception {
        assertSameRun("--rm", "busybox", "true");
        assertSameRun("-it", "--name", "web", "-e", "A=1", "-eB=2", "--env=C", "-l", "k=v", "-v", "/a:/b:ro",
                "busybox", "sh", "-c", "echo --name; exit 3");
        assertSameRun("-d", "--pull", "never", "--cap-drop", "ALL", "--cap-add=NET_ADMIN", "--init", "--read-only",
                "--stop-timeout", "7", "--log-driver", "local", "--log-opt", "max-size=1m", "-u", "1000:1000", "busybox");
        assertSameRun("--entrypoint", "", "-w", "/srv", "-h", "host", "--domainname", "example", "--network", "none",
                "-a", "stdout", "-a", "stderr", "--group-add", "10", "--security-opt", "no-new-privileges", "busybox", "ls");
        assertSameRun("-m", "64m", "--cpus", "1.5", "-p", "127.0.0.1:8080-8081:80-81/udp", "-p", "9000", "--ulimit",
                "nofile=1024:2048", "--restart", "on-failure:3", "--health-cmd", "true", "--health-interval", "2s",
                "--tmpfs", "/run:size=64m", "--network", "net1", "--network-alias", "web", "--ip", "10.1.0.9", "busybox");
    }

    /** A valid value for the flags that refuse "1". */
    private static final java.util.Map<String, String> SAMPLES = java.util.Map.ofEntries(
            java.util.Map.entry("--device", "/dev/null"), java.util.Map.entry("--device-cgroup-rule", "c 1:3 rwm"),
            java.util.Map.entry("--device-read-bps", "/dev/sda:1mb"), java.util.Map.entry("--device-write-bps", "/dev/sda:1mb"),
            java.util.Map.entry("--device-read-iops", "/dev/sda:100"), java.util.Map.entry("--device-write-iops", "/dev/sda:100"),
            java.util.Map.entry("--ulimit", "nofile=10:20"), java.util.Map.entry("--sysctl", "net.ipv4.ip_forward=1"),
            java.util.Map.entry("--add-host", "db:10.0.0.1"), java.util.Map.entry("--dns", "10.0.0.1"),
            java.util.Map.entry("--ip", "10.0.0.5"), java.util.Map.entry("--mac-address", "02:42:ac:11:00:02"),
            java.util.Map.entry("--health-interval", "2s"), java.util.Map.entry("--health-timeout", "1m30s"),
            java.util.Map.entry("--health-start-period", "500ms"), java.util.Map.entry("--health-start-interval", "1h"),
            java.util.Map.entry("--mount", "type=tmpfs,target=/t"), java.util.Map.entry("--volume", "data:/data"));

    @Test
    void everyRunFlagPicocliKnowsIsParsedTheSameWay() throws Exception {
        Path envFile = Files.writeString(dir.resolve("env"), "X=1\n");
        for (OptionSpec o : new CommandLine(new RunCommand()).getCommandSpec().options()) {
            if (o.usageHelp()) continue;
            for (String name : o.names()) {
                List<String> args = new ArrayList<>(List.of(name));
                if (o.arity().max() > 0) args.add(name.equals("--env-file") ? envFile.toString() : SAMPLES.getOrDefault(o.longestName(), "1"));
                args.add("busybox");
                assertSameRun(args.toArray(String[]::new));
            }
        }
    }

    @Test
    void everyPsFlagPicocliKnowsIsParsedTheSameWay() {
        for (OptionSpec o : new CommandLine(new PsCommand()).getCommandSpec().options()) {
            if (o.usageHelp()) continue;
            for (String name : o.names()) {
                List<String> args = new ArrayList<>(List.of(name));
                if (o.arity().max() > 0) args.add(o.longestName().equals("--filter") ? "name=web" : "2");
                PsCommand quick = PsCommand.quick(withVerb("ps", args.toArray(String[]::new)), 1);
                assertThat(quick).as(name).isNotNull();
                PsCommand reference = new PsCommand();
                new CommandLine(reference).parseArgs(args.toArray(String[]::new));
                assertThat(describe(quick)).as(name).isEqualTo(describe(reference));
            }
        }
    }

    @Test
    void psWithoutFlagsHasPicocliDefaults() {
        PsCommand reference = new PsCommand();
        new CommandLine(reference).parseArgs();
        assertThat(describe(PsCommand.quick(new String[] {"ps"}, 1))).isEqualTo(describe(reference));
    }

    private static List<Object> describe(PsCommand ps) {
        return Arrays.asList(ps.all, ps.quiet, ps.last, ps.latest, ps.size, ps.filters, ps.format, ps.noTrunc);
    }

    @Test
    void theQuickParsersKnowNoFlagPicocliDoesNot() {
        RunCommand run = new RunCommand();
        run.options = new ContainerOptions();
        assertThat(RunCommand.flags(run).names()).isEqualTo(names(new RunCommand()));
        assertThat(PsCommand.flags(new PsCommand()).names()).isEqualTo(names(new PsCommand()));
    }

    private static Set<String> names(Object verb) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : new CommandLine(verb).getCommandSpec().options()) if (!o.usageHelp()) names.addAll(List.of(o.names()));
        return names;
    }

    @Test
    void aBadFilterIsLeftToPicocliToReport() {
        assertThat(PsCommand.quick(new String[] {"ps", "--filter", "nonsense"}, 1)).isNull();
    }

    @Test
    void runWithoutAnImageIsLeftToPicocliToReport() {
        assertThat(RunCommand.quick(new String[] {"run", "--rm"}, 1)).isNull();
    }
}
