package berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import berth.cli.container.LogsCommand;
import berth.cli.container.PsCommand;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class HelpTest {
    private static String help(Object verb) {
        CommandLine root = new CommandLine(new Main());
        CommandLine sub = new CommandLine(verb);
        root.addSubcommand(sub.getCommandName(), sub);
        return Help.render(sub.getCommandSpec());
    }

    @Test
    void logsHelpHasDockersLayoutInBerthsWords() {
        assertThat(help(new LogsCommand())).isEqualTo("""
                Usage:  berth logs [OPTIONS] CONTAINER

                Show what a container wrote to its stdout and stderr

                Aliases:
                  berth container logs, berth logs

                Options:
                      --details        Show extra details provided to logs
                  -f, --follow         Follow log output
                      --since string   Show logs since timestamp (e.g.
                                       "2013-01-02T13:23:37Z") or relative (e.g. "42m"
                                       for 42 minutes)
                  -n, --tail string    Number of lines to show from the end of the logs
                                       (default "all")
                  -t, --timestamps     Show timestamps
                      --until string   Show logs before a timestamp (e.g.
                                       "2013-01-02T13:23:37Z") or relative (e.g. "42m"
                                       for 42 minutes)
                """);
    }

    @Test
    void flagTypesComeFromLabelsAndJavaTypes() {
        String ps = help(new PsCommand());
        assertThat(ps).contains("  -f, --filter filter   Filter output based on conditions provided\n")
                .contains("  -n, --last int        Show n last created containers (includes all\n"
                        + "                        states) (default -1)\n");
    }

    @Test
    void wrapKeepsShortTailsOnTheLastLine() {
        // pflag's 5 columns of slop: a tail that fits within them is not moved to a line of its own
        assertThat(Help.wrap(10, 40, "aaaa bbbb cccc dddd eeee fff")).isEqualTo("aaaa bbbb cccc dddd eeee fff");
        assertThat(Help.wrap(10, 40, "aaaa bbbb cccc dddd eeee ffff gggg hhhh")).isEqualTo("aaaa bbbb cccc dddd eeee\n          ffff gggg hhhh");
    }
}
