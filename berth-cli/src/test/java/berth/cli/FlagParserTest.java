package berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagParserTest {
    private final List<String> seen = new ArrayList<>();
    private final FlagParser parser = new FlagParser()
            .flag(() -> seen.add("a"), "-a", "--all").flag(() -> seen.add("q"), "-q")
            .value(v -> seen.add("name=" + v), "--name").value(v -> seen.add("n=" + v), "-n", "--last")
            .values(v -> seen.add("e=" + v), "-e", "--env");

    private List<String> parse(boolean stopAtPositional, String... args) {
        return parser.parse(args, 0, stopAtPositional);
    }

    @Test
    void longFlagsTakeTheirValueAfterAnEqualsSignOrAsTheNextArgument() {
        assertThat(parse(false, "--name=web", "--last", "3")).isEmpty();
        assertThat(seen).containsExactly("name=web", "n=3");
    }

    @Test
    void shortFlagsTakeTheirValueAttachedOrAsTheNextArgument() {
        assertThat(parse(false, "-n3", "-e", "A=1")).isEmpty();
        assertThat(seen).containsExactly("n=3", "e=A=1");
    }

    @Test
    void shortSwitchesCluster() {
        assertThat(parse(false, "-aq")).isEmpty();
        assertThat(seen).containsExactly("a", "q");
    }

    @Test
    void aClusterMayEndInAFlagThatTakesTheNextArgument() {
        assertThat(parse(false, "-qe", "X")).isEmpty();
        assertThat(seen).containsExactly("q", "e=X");
    }

    @Test
    void repeatableFlagsCollectEveryValue() {
        assertThat(parse(false, "-e", "A", "--env", "B", "-eC")).isEmpty();
        assertThat(seen).containsExactly("e=A", "e=B", "e=C");
    }

    @Test
    void anEmptyNextArgumentIsAValue() {
        assertThat(parse(false, "--name", "")).isEmpty();
        assertThat(seen).containsExactly("name=");
    }

    @Test
    void withStopAtPositionalTheRestIsReturnedUnparsed() {
        assertThat(parse(true, "-a", "busybox", "sh", "-c", "--name")).containsExactly("busybox", "sh", "-c", "--name");
        assertThat(seen).containsExactly("a");
    }

    @Test
    void unknownFlagsAreDeclined() {
        assertThat(parse(false, "--bogus")).isNull();
        assertThat(parse(false, "-ax")).isNull();
        assertThat(parse(false, "--help")).isNull();
    }

    @Test
    void aSingleFlagGivenTwiceIsDeclined() {
        assertThat(parse(false, "--name", "a", "--name", "b")).isNull();
        assertThat(parse(false, "-a", "--all")).isNull();
    }

    @Test
    void aMissingValueIsDeclined() {
        assertThat(parse(false, "--name")).isNull();
        assertThat(parse(false, "-n")).isNull();
    }

    @Test
    void aValueThatLooksLikeAFlagIsDeclined() {
        assertThat(parse(false, "--name", "-x")).isNull();
        assertThat(parse(false, "-n", "-1")).isNull();
    }

    @Test
    void spellingsWhoseValueParsersDisagreeAreDeclined() {
        assertThat(parse(false, "-n=3")).isNull();
        assertThat(parse(false, "--name=")).isNull();
        assertThat(parse(false, "--all=true")).isNull();
        assertThat(parse(true, "--", "busybox")).isNull();
    }

    @Test
    void positionalsAreDeclinedWhereTheVerbTakesNone() {
        assertThat(parse(false, "-a", "extra")).isNull();
    }

    @Test
    void aSetterThatThrowsDeclines() {
        FlagParser numbers = new FlagParser().value(v -> FlagParser.decimal(v), "-n");
        assertThat(numbers.parse(new String[] {"-n", "abc"}, 0, false)).isNull();
    }

    @Test
    void decimalAcceptsOnlyPlainWholeNumbers() {
        assertThat(FlagParser.decimal("0")).isZero();
        assertThat(FlagParser.decimal("120")).isEqualTo(120);
        for (String odd : new String[] {"", "+1", "010", "0x10", "1_000", "9999999999", " 1"}) {
            assertThatThrownBy(() -> FlagParser.decimal(odd)).as(odd).isInstanceOf(NumberFormatException.class);
        }
    }
}
