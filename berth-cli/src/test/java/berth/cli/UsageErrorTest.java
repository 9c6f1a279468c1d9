package berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import berth.cli.container.PsCommand;
import berth.cli.container.StopCommand;
import berth.cli.image.TagCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UsageErrorTest {
    private record Outcome(int code, String stderr) {}

    private static Outcome parse(Object verb, String... args) {
        CommandLine root = new CommandLine(new Main());
        CommandLine sub = new CommandLine(verb);
        root.addSubcommand(args[0], sub);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
        try {
            root.parseArgs(args);
            return new Outcome(0, "");
        } catch (CommandLine.ParameterException e) {
            int code = UsageError.report(e, args, stream);
            return new Outcome(code, err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void unknownLongFlagExits125WithUsage() {
        assertThat(parse(new PsCommand(), "ps", "--bogus")).isEqualTo(new Outcome(125, """
                unknown flag: --bogus

                Usage:  berth ps [OPTIONS]

                Run 'berth ps --help' for more information
                """));
    }

    @Test
    void unknownShorthandInClusterNamesTheLetter() {
        assertThat(parse(new PsCommand(), "ps", "-ax").stderr()).startsWith("unknown shorthand flag: 'x' in -ax\n");
    }

    @Test
    void unknownFlagWinsOverMissingArgument() {
        assertThat(parse(new StopCommand(), "stop", "-x").code()).isEqualTo(125);
    }

    @Test
    void missingArgumentsSayAtLeastAndSee() {
        assertThat(parse(new StopCommand(), "stop")).isEqualTo(new Outcome(1, """
                berth: 'berth stop' requires at least 1 argument

                Usage:  berth stop [OPTIONS] CONTAINER [CONTAINER...]

                See 'berth stop --help' for more information
                """));
    }

    @Test
    void exactArgumentCountIsNamed() {
        assertThat(parse(new TagCommand(), "tag", "a").stderr()).startsWith("berth: 'berth tag' requires 2 arguments\n");
    }

    @Test
    void extraArgumentToPsIsRefused() {
        assertThat(parse(new PsCommand(), "ps", "x").stderr()).startsWith("berth: 'berth ps' accepts no arguments\n");
    }

    @Test
    void badIntegerValueQuotesGoParseError() {
        assertThat(parse(new PsCommand(), "ps", "-n", "abc").stderr()).startsWith(
                "invalid argument \"abc\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\n");
    }

    @Test
    void missingFlagValueNamesTheFlagAsTyped() {
        assertThat(parse(new PsCommand(), "ps", "--format").stderr()).startsWith("flag needs an argument: --format\n");
        assertThat(parse(new PsCommand(), "ps", "-n").stderr()).startsWith("flag needs an argument: 'n' in -n\n");
    }
}
