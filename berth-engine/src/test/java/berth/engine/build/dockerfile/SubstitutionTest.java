package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubstitutionTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/root", "SHELL", "ash", "EMPTY", "",
            "GREETING", "안녕", "SPACED", "a  b", "PATHV", "/usr/local/bin/app.tar.gz");
    private final Substitution sub = Substitution.standard();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            plain                      | plain
            he'll'o                    | hello
            he\\'llo                   | he'llo
            abc\\tdef                  | abctdef
            "abc\\tdef"                | abc\\tdef
            "abc\\\\tdef"              | abc\\tdef
            'abc\\tdef'                | abc\\tdef
            hello\\                    | hello
            hello\\\\                  | hello\\
            "hel'lo"                   | hel'lo
            'hello\\'                  | hello\\
            "''"                       | ''
            $.                         | $.
            x$1y                       | xy
            $HOME                      | /root
            x$HOMEy                    | x
            ${HOME}y                   | /rooty
            \\$HOME                    | $HOME
            \\\\$HOME                  | \\/root
            "\\$HOME"                  | $HOME
            "\\\\$HOME"                | \\/root
            '$HOME'                    | $HOME
            "$HOME"                    | /root
            "it's $HOME"               | it's /root
            \\${}                      | ${}
            ${UNSET}x                  | x
            ${UNSET:-dflt}             | dflt
            ${UNSET-dflt}              | dflt
            ${EMPTY:-dflt}             | dflt
            ${EMPTY-dflt}              | ~~
            ${HOME:-dflt}              | /root
            ${UNSET:-$HOME}            | /root
            ${UNSET:-${OTHER:-deep}}   | deep
            ${UNSET:+alt}              | ~~
            ${EMPTY:+alt}              | ~~
            ${EMPTY+alt}               | alt
            ${HOME:+alt}               | alt
            ${HOME+alt}                | alt
            ${HOME:+${SHELL}}          | ash
            ${HOME?}                   | /root
            ${EMPTY?}                  | ~~
            ${UNSET:-\\$HOME:}         | $HOME:
            ${UNSET:-\\${HOME}z}x      | ${HOMEz}x
            ${aaa}}                    | }
            ${aaa:-bbb {foo}           | bbb {foo
            $GREETING                  | 안녕
            안'녕'                      | 안녕
            $@@@                       | @@
            $$                         | ~~
            ${1:-one}                  | one
            ${PATHV#*/}                | usr/local/bin/app.tar.gz
            ${PATHV##*/}               | app.tar.gz
            ${PATHV%.*}                | /usr/local/bin/app.tar
            ${PATHV%%.*}               | /usr/local/bin/app
            ${PATHV/local/opt}         | /usr/opt/bin/app.tar.gz
            ${PATHV//\\//:}            | :usr:local:bin:app.tar.gz
            ${HOME/o/0}                | /r0ot
            ${HOME//o/0}               | /r00t
            """)
    void expandsLikeDocker(String word, String expected) {
        assertThat(sub.expand(word, ENV)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            he'llo                     | unexpected end of statement while looking for matching single-quote
            "hello                     | unexpected end of statement while looking for matching double-quote
            "hello\\"                  | unexpected end of statement while looking for matching double-quote
            ${}                        | syntax error: bad substitution
            ${:-x}                     | syntax error: bad substitution
            ${{a}                      | syntax error: bad substitution
            ${HOME                     | syntax error: missing '}'
            ${a:-b ${c}                | syntax error: missing '}'
            ${.}                       | unsupported modifier (.) in substitution
            ${HOME:=x}                 | unsupported modifier (:=) in substitution
            ${HOME:x}                  | unsupported modifier (:x) in substitution
            ${HOME:#x}                 | unsupported modifier (:#) in substitution
            ${UNSET?}                  | UNSET: is not allowed to be unset
            ${UNSET?must be set}       | UNSET: must be set
            ${EMPTY:?}                 | EMPTY: is not allowed to be empty
            """)
    void refusesWhatDockerRefuses(String word, String message) {
        assertThatThrownBy(() -> sub.expand(word, ENV)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("failed to process \"" + word + "\": " + message);
    }

    @Test
    void backtickIsTheEscapeWhenTheDirectiveSaysSo() {
        Substitution backtick = new Substitution('`');
        assertThat(backtick.expand("`$HOME", ENV)).isEqualTo("$HOME");
        assertThat(backtick.expand("C:\\dir\\$HOME", ENV)).isEqualTo("C:\\dir\\/root");
        assertThat(backtick.expand("\"a`\"b\"", ENV)).isEqualTo("a\"b");
    }

    @Test
    void reportsWhichVariablesWereReadAndWhichWereUnset() {
        Substitution.Result r = sub.process("${HOME}/${EMPTY:-x}/${NOPE:-y}/$NOPE2", ENV);
        assertThat(r.value()).isEqualTo("/root/x/y/");
        assertThat(r.used()).containsExactlyInAnyOrder("HOME", "EMPTY");
        assertThat(r.unset()).containsExactlyInAnyOrder("NOPE", "NOPE2");
    }

    @Test
    void nothingIsReadInsideSingleQuotes() {
        assertThat(sub.process("'$HOME'", ENV).used()).isEmpty();
    }

    @Test
    void splitsIntoWordsAfterSubstitutionButNotInsideQuotes() {
        assertThat(sub.words("x${SPACED}y", ENV)).containsExactly("xa", "by");
        assertThat(sub.words("x\"${SPACED}\"y", ENV)).containsExactly("xa  by");
        assertThat(sub.words("hello\\ there  again", ENV)).containsExactly("hello there", "again");
        assertThat(sub.words("hello\\\" there", ENV)).containsExactly("hello\"", "there");
        assertThat(sub.words("  80  443/udp ", ENV)).containsExactly("80", "443/udp");
    }

    @Test
    void expandKeepsInnerSpacesOfOneWord() {
        assertThat(sub.expand("a $SPACED z", ENV)).isEqualTo("a a  b z");
    }

    @Test
    void heredocContentKeepsQuotesButExpandsVariablesAndEscapes() {
        String content = "echo \"$HOME\" '$SHELL' \\$NOT\n";
        assertThat(Substitution.heredoc(content, ENV).value()).isEqualTo("echo \"/root\" 'ash' $NOT\n");
    }

    @Test
    void anEmptyValueCountsAsSet() {
        assertThat(sub.expand("${EMPTY-unset}", Map.of("EMPTY", ""))).isEmpty();
        assertThat(sub.process("$EMPTY", Map.of("EMPTY", "")).used()).containsExactly("EMPTY");
    }

    @Test
    void aNameStopsAtTheFirstCharacterThatCannotBeInIt() {
        assertThat(sub.expand("$HOME-$HOME.x", ENV)).isEqualTo("/root-/root.x");
        assertThat(sub.expand("$HOME_X", Map.of("HOME", "h", "HOME_X", "hx"))).isEqualTo("hx");
    }

    @Test
    void theEscapeMustBeBackslashOrBacktick() {
        assertThatThrownBy(() -> new Substitution('x')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wordsOfAnEmptyResultAreNone() {
        assertThat(sub.words("$UNSET", ENV)).isEqualTo(List.of());
    }
}
