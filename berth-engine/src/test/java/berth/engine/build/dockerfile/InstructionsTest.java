package berth.engine.build.dockerfile;

import static berth.engine.build.dockerfile.DockerfileParserTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each instruction's arguments and flags become. */
class InstructionsTest {

    @Test
    void runInShellForm() {
        Instruction.Run run = (Instruction.Run) only("RUN echo \"hello world\" && ls");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("echo \"hello world\" && ls"));
        assertThat(run.network()).isEqualTo(Instruction.Run.Network.DEFAULT);
        assertThat(run.security()).isEqualTo(Instruction.Run.Security.SANDBOX);
        assertThat(run.mountSpecs()).isEmpty();
    }

    @Test
    void runInExecForm() {
        Instruction.Run run = (Instruction.Run) only("RUN [\"echo\", \"a b\", \"\\u00e9\\n\"]");
        assertThat(run.command()).isEqualTo(new CommandLine.ExecForm(List.of("echo", "a b", "é\n")));
    }

    @Test
    void invalidJsonFallsBackToShellForm() {
        assertThat(((Instruction.Run) only("RUN ['echo', 'x']")).command())
                .isEqualTo(new CommandLine.ShellForm("['echo', 'x']"));
        assertThat(((Instruction.Cmd) only("CMD [\"a\",]")).command())
                .isEqualTo(new CommandLine.ShellForm("[\"a\",]"));
        assertThat(((Instruction.Cmd) only("CMD [\"a\"] extra")).command())
                .isEqualTo(new CommandLine.ShellForm("[\"a\"] extra"));
        assertThat(((Instruction.Cmd) only("CMD [ \"unterminated ]")).command())
                .isEqualTo(new CommandLine.ShellForm("[ \"unterminated ]"));
    }

    @Test
    void jsonWithSpacesAroundIsStillExecForm() {
        assertThat(((Instruction.Cmd) only("CMD   [ \"a\" ,\"b\" ]   ")).command())
                .isEqualTo(new CommandLine.ExecForm(List.of("a", "b")));
    }

    @Test
    void runFlagsAreTyped() {
        Instruction.Run run = (Instruction.Run) only(
                "RUN --network=none --mount=type=cache,target=/root/.cache --mount=type=tmpfs,target=/tmp make");
        assertThat(run.network()).isEqualTo(Instruction.Run.Network.NONE);
        assertThat(run.mountSpecs()).containsExactly("type=cache,target=/root/.cache", "type=tmpfs,target=/tmp");
        assertThat(run.mounts()).extracting(RunMount::type).containsExactly("cache", "tmpfs");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("make"));
    }

    @Test
    void flagValuesMayBeQuoted() {
        Instruction.Copy copy = (Instruction.Copy) only("COPY --chown=\"app user\" a /b");
        assertThat(copy.chown()).isEqualTo("app user");
    }

    @Test
    void aDoubleDashEndsTheFlags() {
        Instruction.Run run = (Instruction.Run) only("RUN -- --not-a-flag");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("--not-a-flag"));
    }

    @Test
    void flagsAfterTheFirstArgumentAreArguments() {
        Instruction.Run run = (Instruction.Run) only("RUN ls --all");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("ls --all"));
    }

    @Test
    void cmdAndEntrypointForms() {
        assertThat(((Instruction.Cmd) only("CMD [\"nginx\", \"-g\", \"daemon off;\"]")).command())
                .isEqualTo(new CommandLine.ExecForm(List.of("nginx", "-g", "daemon off;")));
        assertThat(((Instruction.Entrypoint) only("ENTRYPOINT exec top -b")).command())
                .isEqualTo(new CommandLine.ShellForm("exec top -b"));
        assertThat(((Instruction.Entrypoint) only("ENTRYPOINT []")).command())
                .isEqualTo(new CommandLine.ExecForm(List.of()));
    }

    @Test
    void envNewSyntaxWithSeveralPairsKeepsQuotesForSubstitution() {
        Instruction.Env env = (Instruction.Env) only("ENV A=1 B=\"two words\" C=three\\ words D=");
        assertThat(env.variables()).containsExactly(new KeyValue("A", "1", false),
                new KeyValue("B", "\"two words\"", false), new KeyValue("C", "three\\ words", false),
                new KeyValue("D", "", false));
        Substitution s = Substitution.standard();
        assertThat(s.expand(env.variables().get(1).value(), java.util.Map.of())).isEqualTo("two words");
        assertThat(s.expand(env.variables().get(2).value(), java.util.Map.of())).isEqualTo("three words");
    }

    @Test
    void envLegacySyntaxTakesTheRestOfTheLineAsValue() {
        Instruction.Env env = (Instruction.Env) only("ENV JAVA_HOME  /opt/java  with spaces");
        assertThat(env.variables()).containsExactly(new KeyValue("JAVA_HOME", "/opt/java  with spaces", true));
    }

    @Test
    void envValueMayContainEqualsSigns() {
        Instruction.Env env = (Instruction.Env) only("ENV OPTS=-Da=b");
        assertThat(env.variables()).containsExactly(new KeyValue("OPTS", "-Da=b", false));
    }

    @Test
    void labelWithQuotedKeysAndValues() {
        Instruction.Label label = (Instruction.Label) only(
                "LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0 description=\"multi \\\n line\"");
        assertThat(label.labels()).extracting(KeyValue::key).containsExactly("\"com.example.vendor\"", "version",
                "description");
        Substitution s = Substitution.standard();
        assertThat(s.expand(label.labels().getFirst().key(), java.util.Map.of())).isEqualTo("com.example.vendor");
        assertThat(s.expand(label.labels().get(2).value(), java.util.Map.of())).isEqualTo("multi  line");
    }

    @Test
    void argWithAndWithoutDefault() {
        Instruction.Arg arg = (Instruction.Arg) only("ARG VERSION=1.2 USER NAME=\"a b\" EMPTY=");
        assertThat(arg.args()).containsExactly(new ArgDefinition("VERSION", "1.2"), new ArgDefinition("USER", null),
                new ArgDefinition("NAME", "\"a b\""), new ArgDefinition("EMPTY", ""));
        assertThat(arg.args().get(1).hasDefault()).isFalse();
    }

    @Test
    void exposeKeepsItsWords() {
        Instruction.Expose expose = (Instruction.Expose) only("EXPOSE 80 443/tcp 53/udp 8000-8002 $PORT");
        assertThat(expose.ports()).containsExactly("80", "443/tcp", "53/udp", "8000-8002", "$PORT");
    }

    @Test
    void copyWithAllItsFlags() {
        Instruction.Copy copy = (Instruction.Copy) only("COPY --from=build --chown=1000:1000 --chmod=0755 --link "
                + "--parents --exclude=*.md --exclude=docs/ src/ lib/*.jar /app/");
        assertThat(copy.from()).isEqualTo("build");
        assertThat(copy.chown()).isEqualTo("1000:1000");
        assertThat(copy.chmod()).isEqualTo("0755");
        assertThat(copy.link()).isTrue();
        assertThat(copy.parents()).isTrue();
        assertThat(copy.excludes()).containsExactly("*.md", "docs/");
        assertThat(copy.sources()).containsExactly("src/", "lib/*.jar");
        assertThat(copy.destination()).isEqualTo("/app/");
        assertThat(copy.heredocs()).isEmpty();
    }

    @Test
    void copyWithoutFlagsHasNulls() {
        Instruction.Copy copy = (Instruction.Copy) only("COPY a b");
        assertThat(copy.from()).isNull();
        assertThat(copy.chown()).isNull();
        assertThat(copy.chmod()).isNull();
        assertThat(copy.link()).isFalse();
    }

    @Test
    void copyInJsonFormAllowsSpacesInPaths() {
        Instruction.Copy copy = (Instruction.Copy) only("COPY [\"my file.txt\", \"other one\", \"/dest dir/\"]");
        assertThat(copy.sources()).containsExactly("my file.txt", "other one");
        assertThat(copy.destination()).isEqualTo("/dest dir/");
    }

    @Test
    void copyInShellFormKeepsQuotesForSubstitutionToRemove() {
        Instruction.Copy copy = (Instruction.Copy) only("COPY \"a\"b 'c' /e");
        assertThat(copy.sources()).containsExactly("\"a\"b", "'c'");
        assertThat(Substitution.standard().expand(copy.sources().getFirst(), java.util.Map.of())).isEqualTo("ab");
    }

    @Test
    void addWithAllItsFlags() {
        Instruction.Add add = (Instruction.Add) only("ADD --chown=app --chmod=644 --checksum=sha256:abc "
                + "--keep-git-dir=false --link --exclude=x --unpack=true app.tar.gz /opt/");
        assertThat(add.chown()).isEqualTo("app");
        assertThat(add.chmod()).isEqualTo("644");
        assertThat(add.checksum()).isEqualTo("sha256:abc");
        assertThat(add.keepGitDir()).isFalse();
        assertThat(add.link()).isTrue();
        assertThat(add.excludes()).containsExactly("x");
        assertThat(add.unpack()).isTrue();
        assertThat(add.sources()).containsExactly("app.tar.gz");
        assertThat(add.destination()).isEqualTo("/opt/");
    }

    @Test
    void addBooleansNotGivenAreNull() {
        Instruction.Add add = (Instruction.Add) only("ADD a b");
        assertThat(add.keepGitDir()).isNull();
        assertThat(add.unpack()).isNull();
        assertThat(add.checksum()).isNull();
    }

    @Test
    void booleanFlagsTakeExplicitValues() {
        assertThat(((Instruction.Copy) only("COPY --link=false a b")).link()).isFalse();
        assertThat(((Instruction.Copy) only("COPY --link=TRUE a b")).link()).isTrue();
    }

    @Test
    void volumeInBothForms() {
        assertThat(((Instruction.Volume) only("VOLUME /data /logs")).paths()).containsExactly("/data", "/logs");
        assertThat(((Instruction.Volume) only("VOLUME [\"/var/lib/my data\"]")).paths())
                .containsExactly("/var/lib/my data");
    }

    @Test
    void userWorkdirStopsignalMaintainerTakeTheWholeRest() {
        assertThat(((Instruction.User) only("USER app:staff")).user()).isEqualTo("app:staff");
        assertThat(((Instruction.Workdir) only("WORKDIR /path with space")).path()).isEqualTo("/path with space");
        assertThat(((Instruction.Stopsignal) only("STOPSIGNAL SIGQUIT")).signal()).isEqualTo("SIGQUIT");
        assertThat(((Instruction.Maintainer) only("MAINTAINER Jane <jane@example.com>")).maintainer())
                .isEqualTo("Jane <jane@example.com>");
    }

    @Test
    void shellTakesAJsonArray() {
        assertThat(((Instruction.Shell) only("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]")).shell())
                .containsExactly("/bin/bash", "-o", "pipefail", "-c");
    }

    @Test
    void healthcheckWithEveryOption() {
        Instruction.Healthcheck h = (Instruction.Healthcheck) only("HEALTHCHECK --interval=30s --timeout=1m30s "
                + "--start-period=5s --start-interval=500ms --retries=3 CMD curl -f http://localhost/ || exit 1");
        assertThat(h.test()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(h.startPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(h.startInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(h.retries()).isEqualTo(3);
        assertThat(h.disabled()).isFalse();
    }

    @Test
    void healthcheckInExecFormAndWithDefaults() {
        Instruction.Healthcheck h = (Instruction.Healthcheck) only("HEALTHCHECK cmd [\"/bin/check\", \"-q\"]");
        assertThat(h.test()).containsExactly("CMD", "/bin/check", "-q");
        assertThat(h.interval()).isEqualTo(Duration.ZERO);
        assertThat(h.retries()).isZero();
    }

    @Test
    void healthcheckNoneDisables() {
        Instruction.Healthcheck h = (Instruction.Healthcheck) only("HEALTHCHECK none");
        assertThat(h.test()).containsExactly("NONE");
        assertThat(h.disabled()).isTrue();
    }

    @Test
    void healthcheckDurationsFollowGoSyntax() {
        Instruction.Healthcheck h = (Instruction.Healthcheck) only(
                "HEALTHCHECK --interval=1.5h --timeout=2ms500us --start-period=0 CMD true");
        assertThat(h.interval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(h.timeout()).isEqualTo(Duration.ofNanos(2_500_000));
        assertThat(h.startPeriod()).isEqualTo(Duration.ZERO);
    }

    @Test
    void onbuildParsesItsTrigger() {
        Instruction.Onbuild o = (Instruction.Onbuild) only("ONBUILD COPY --chown=app . /src");
        assertThat(o.expression()).isEqualTo("COPY --chown=app . /src");
        assertThat(o.trigger()).isInstanceOf(Instruction.Copy.class);
        assertThat(((Instruction.Copy) o.trigger()).chown()).isEqualTo("app");
        assertThat(o.trigger().line()).isEqualTo(2);
    }

    @Test
    void onbuildKeywordIsCaseInsensitiveInTheExpression() {
        Instruction.Onbuild o = (Instruction.Onbuild) only("onbuild run make");
        assertThat(o.expression()).isEqualTo("run make");
        assertThat(o.trigger()).isInstanceOf(Instruction.Run.class);
    }

    @Test
    void keywordsReportThemselvesInUpperCase() {
        assertThat(only("stopsignal 9").keyword()).isEqualTo("STOPSIGNAL");
        assertThat(only("HEALTHCHECK NONE").keyword()).isEqualTo("HEALTHCHECK");
    }
}
