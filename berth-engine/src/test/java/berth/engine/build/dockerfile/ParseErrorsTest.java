package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input is refused before anything runs, as a 400 naming file, line and instruction; the wording after the
 * location is Docker's where Docker has one.
 */
class ParseErrorsTest {

    private static void refused(String text, String message) {
        assertThatThrownBy(() -> DockerfileParser.parse(text, "Dockerfile"))
                .isInstanceOf(InvalidArgumentException.class).hasMessage(message);
    }

    @Test
    void anUnknownInstructionNamesItsLineAndSuggestsTheClosestOne() {
        refused("FROM busybox\n\nRUNN echo\n", "Dockerfile:3: unknown instruction: RUNN (did you mean RUN?)");
    }

    @Test
    void anUnknownInstructionFarFromAnyKeywordGetsNoSuggestion() {
        refused("FROM busybox\nFROBNICATE x\n", "Dockerfile:2: unknown instruction: FROBNICATE");
    }

    @Test
    void theFileNameInMessagesIsTheOneGiven() {
        assertThatThrownBy(() -> DockerfileParser.parse("FROM x\nBAD\n", "build/Dockerfile.dev"))
                .hasMessageStartingWith("build/Dockerfile.dev:2: unknown instruction: BAD");
    }

    @Test
    void theLineOfAContinuedInstructionIsItsFirstLine() {
        refused("FROM busybox\nCOPY \\\n  onlyone\n",
                "Dockerfile:2: COPY requires at least two arguments, but only one was provided. "
                        + "Destination could not be determined");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            FROM                              | FROM requires either one or three arguments
            FROM a b                          | FROM requires either one or three arguments
            FROM a AS 1abc                    | FROM: invalid name for build stage: "1abc", name can't start with a number or contain symbols
            FROM a AS b$c                     | FROM: invalid name for build stage: "b$c", name can't start with a number or contain symbols
            FROM --platfrom=x a               | FROM: unknown flag: --platfrom (did you mean platform?)
            USER                              | USER requires exactly one argument
            WORKDIR                           | WORKDIR requires exactly one argument
            STOPSIGNAL                        | STOPSIGNAL requires exactly one argument
            MAINTAINER                        | MAINTAINER requires exactly one argument
            ENV                               | ENV requires at least one argument
            ENV A                             | ENV must have two arguments
            ENV A=1 B                         | ENV: Syntax error - can't find = in "B". Must be of the form: name=value
            ENV =x                            | ENV names can not be blank
            LABEL                             | LABEL requires at least one argument
            LABEL x                           | LABEL must have two arguments
            ARG                               | ARG requires at least one argument
            ARG =x                            | ARG names can not be blank
            EXPOSE                            | EXPOSE requires at least one argument
            VOLUME                            | VOLUME requires at least one argument
            VOLUME [""]                       | VOLUME specified can not be an empty string
            COPY a                            | COPY requires at least two arguments, but only one was provided. Destination could not be determined
            ADD a                             | ADD requires at least two arguments, but only one was provided. Destination could not be determined
            COPY --form=x a b                 | COPY: unknown flag: --form (did you mean from?)
            COPY --from a b                   | COPY: missing a value on flag: --from
            COPY --from=a --from=b a b        | COPY: duplicate flag specified: --from
            COPY --from=$STAGE a b            | COPY: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround
            COPY --from=${S:-x} a b           | COPY: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround
            COPY --link=maybe a b             | COPY: expecting boolean value for flag --link, not: maybe
            COPY --link= a b                  | COPY: missing a value on flag: --link
            COPY [1, 2]                       | COPY: when using JSON array syntax, arrays must be comprised of strings only
            CMD ["a", 1]                      | CMD: when using JSON array syntax, arrays must be comprised of strings only
            CMD --x=1 a                       | CMD: unknown flag: --x
            RUN                               | RUN requires at least one argument
            RUN --network=none                | RUN requires at least one argument
            RUN []                            | RUN requires at least one argument
            RUN --network=bridge x            | RUN: invalid network mode "bridge"
            RUN --security=privileged x       | RUN: security "privileged" is not valid
            RUN --device=/dev/kvm x           | RUN: unknown flag: --device
            RUN --mount=type=volume,target=/x x        | RUN: unsupported mount type "volume"
            RUN --mount=type=cache,target=/x,foo=1 x   | RUN: unexpected key 'foo' in 'foo=1' (did you mean from?)
            RUN --mount=type=bind,from=$S,target=/x x  | RUN: 'from' doesn't support variable expansion, define alias stage instead
            SHELL /bin/sh -c                  | SHELL requires the arguments to be in JSON form
            SHELL []                          | SHELL requires at least one argument
            HEALTHCHECK                       | HEALTHCHECK requires at least one argument
            HEALTHCHECK NONE x                | HEALTHCHECK NONE takes no arguments
            HEALTHCHECK CMD                   | Missing command after HEALTHCHECK CMD
            HEALTHCHECK CMD []                | Missing command after HEALTHCHECK CMD
            HEALTHCHECK RUN x                 | Unknown type "RUN" in HEALTHCHECK (try CMD)
            HEALTHCHECK --interval=1us CMD x  | HEALTHCHECK: Interval "interval" cannot be less than 1ms
            HEALTHCHECK --interval=5 CMD x    | HEALTHCHECK: time: missing unit in duration "5"
            HEALTHCHECK --interval=5y CMD x   | HEALTHCHECK: time: unknown unit "y" in duration "5y"
            HEALTHCHECK --retries=-1 CMD x    | HEALTHCHECK: --retries cannot be negative (-1)
            HEALTHCHECK --retries=x CMD x     | HEALTHCHECK --retries: strconv.ParseInt: parsing "x": invalid syntax
            HEALTHCHECK --timeout CMD x       | HEALTHCHECK: missing a value on flag: --timeout
            ONBUILD                           | ONBUILD requires at least one argument
            ONBUILD ONBUILD RUN x             | Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed
            ONBUILD FROM x                    | FROM isn't allowed as an ONBUILD trigger
            ONBUILD maintainer x              | MAINTAINER isn't allowed as an ONBUILD trigger
            ONBUILD RUNN x                    | ONBUILD trigger: unknown instruction: RUNN (did you mean RUN?)
            ONBUILD COPY a                    | ONBUILD trigger: COPY requires at least two arguments, but only one was provided. Destination could not be determined
            """)
    void refusesBadArgumentsWithDockersWording(String line, String message) {
        refused("FROM busybox\n" + line + "\n", "Dockerfile:2: " + message);
    }

    @Test
    void anInstructionBeforeTheFirstFromIsRefused() {
        refused("ARG X=1\nRUN echo\nFROM busybox\n",
                "Dockerfile:2: RUN: no build stage in current context (only ARG may come before the first FROM)");
    }

    @Test
    void aFileWithOnlyArgsHasNoStage() {
        refused("ARG X=1\n", "Dockerfile: dockerfile contains no stages to build");
    }

    @Test
    void aFileWithOnlyCommentsHasNoInstructions() {
        refused("# nothing\n\n   \n", "Dockerfile: file with no instructions");
    }

    @Test
    void anEmptyFileIsRefused() {
        refused("", "the Dockerfile (Dockerfile) cannot be empty");
    }

    @Test
    void aStageNameMayBeUsedOnce() {
        refused("FROM a AS x\nFROM b AS X\n", "Dockerfile:2: FROM: duplicate stage name \"x\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            ENV A="unterminated              | ENV: failed to process "\"unterminated": unexpected end of statement while looking for matching double-quote
            LABEL 'a=b                       | LABEL: failed to process "'a": unexpected end of statement while looking for matching single-quote
            WORKDIR /app/${X                 | WORKDIR: failed to process "/app/${X": syntax error: missing '}'
            USER ${}                         | USER: failed to process "${}": syntax error: bad substitution
            COPY "a b" /c                    | COPY: failed to process "\"a": unexpected end of statement while looking for matching double-quote
            COPY --chown=${U:-x a /c         | COPY: failed to process "${U:-x": syntax error: missing '}'
            EXPOSE "80                       | EXPOSE: failed to process "\"80": unexpected end of statement while looking for matching double-quote
            ARG A="x                         | ARG: failed to process "\"x": unexpected end of statement while looking for matching double-quote
            VOLUME ["/a", "'c"]                | VOLUME: failed to process "'c": unexpected end of statement while looking for matching single-quote
            """)
    void anUnterminatedQuoteOrBadSubstitutionIsRefusedBeforeAnythingRuns(String line, String message) {
        refused("FROM busybox\n" + line + "\n", "Dockerfile:2: " + message);
    }

    @Test
    void quotesInShellFormCommandsAreTheShellsBusiness() {
        DockerfileParser.parse("FROM a\nRUN echo \"unterminated\nCMD echo '\n", "Dockerfile");
    }

    @Test
    void anUnterminatedHeredocNamesInstructionAndDelimiter() {
        refused("FROM a\nCOPY <<EOF /x\nhi\n", "Dockerfile:2: COPY: unterminated heredoc EOF");
    }
}
