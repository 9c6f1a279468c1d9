package berth.engine.build.dockerfile;

import static berth.engine.build.dockerfile.DockerfileParserTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpansionTest {
    private static final Substitution SUB = Substitution.standard();
    private static final Map<String, String> ENV = Map.of("APP", "/srv/app", "U", "1000", "NAME", "demo");

    @Test
    void copyExpandsPathsOwnerAndMode() {
        Instruction.Copy c = (Instruction.Copy) only("COPY --from=build --chown=$U:$U --chmod=0644 ${NAME}.jar \"$APP/\"");
        Expansion.Expanded<Instruction.Copy> e = Expansion.expand(c, SUB, ENV);
        assertThat(e.instruction().sources()).containsExactly("demo.jar");
        assertThat(e.instruction().destination()).isEqualTo("/srv/app/");
        assertThat(e.instruction().chown()).isEqualTo("1000:1000");
        assertThat(e.instruction().from()).isEqualTo("build");
        assertThat(e.used()).containsExactlyInAnyOrder("NAME", "U", "APP");
    }

    @Test
    void envPairsAllSeeTheEnvironmentFromBeforeTheInstruction() {
        Instruction.Env env = (Instruction.Env) only("ENV NAME=new OTHER=$NAME");
        Instruction.Env e = Expansion.expand(env, SUB, ENV).instruction();
        assertThat(e.variables()).containsExactly(new KeyValue("NAME", "new", false),
                new KeyValue("OTHER", "demo", false));
    }

    @Test
    void labelKeysAndValuesAreExpandedAndUnquoted() {
        Instruction.Label l = (Instruction.Label) only("LABEL \"org.$NAME\"=\"v $U\"");
        assertThat(Expansion.expand(l, SUB, ENV).instruction().labels())
                .containsExactly(new KeyValue("org.demo", "v 1000", false));
    }

    @Test
    void workdirUserVolumeStopsignalAreExpanded() {
        assertThat(Expansion.expand((Instruction.Workdir) only("WORKDIR $APP/bin"), SUB, ENV).instruction().path())
                .isEqualTo("/srv/app/bin");
        assertThat(Expansion.expand((Instruction.User) only("USER ${U}:${U}"), SUB, ENV).instruction().user())
                .isEqualTo("1000:1000");
        assertThat(Expansion.expand((Instruction.Volume) only("VOLUME $APP/data"), SUB, ENV).instruction().paths())
                .containsExactly("/srv/app/data");
        assertThat(Expansion.expand((Instruction.Stopsignal) only("STOPSIGNAL ${SIG:-SIGTERM}"), SUB, ENV)
                .instruction().signal()).isEqualTo("SIGTERM");
    }

    @Test
    void exposeMaySplitOneWordIntoSeveral() {
        Instruction.Expose e = (Instruction.Expose) only("EXPOSE $PORTS");
        assertThat(Expansion.expand(e, SUB, Map.of("PORTS", "80 443")).instruction().ports())
                .containsExactly("80", "443");
    }

    @Test
    void fromExpandsImageAndPlatform() {
        Instruction.From f = DockerfileParserTest.parse("FROM --platform=$P ${NAME}:1 AS x\n").stages().getFirst()
                .from();
        Instruction.From e = Expansion.expand(f, SUB, Map.of("P", "linux/amd64", "NAME", "busybox")).instruction();
        assertThat(e.image()).isEqualTo("busybox:1");
        assertThat(e.platform()).isEqualTo("linux/amd64");
        assertThat(e.stageName()).isEqualTo("x");
    }

    @Test
    void shellCommandsAreLeftToTheShell() {
        Instruction.Run run = (Instruction.Run) only("RUN echo $APP");
        assertThat(Expansion.expand(run, SUB, ENV).instruction()).isSameAs(run);
        Instruction.Cmd cmd = (Instruction.Cmd) only("CMD [\"$APP\"]");
        assertThat(Expansion.expand(cmd, SUB, ENV).instruction()).isSameAs(cmd);
    }

    @Test
    void unquotedHeredocContentOfCopyIsExpandedQuotedIsNot() {
        Instruction.Copy c = (Instruction.Copy) only("COPY <<A <<'B' /x/\nname=\"$NAME\"\nA\nname=$NAME\nB\n");
        List<Heredoc> docs = Expansion.expand(c, SUB, ENV).instruction().heredocs();
        assertThat(docs).extracting(Heredoc::content).containsExactly("name=\"demo\"\n", "name=$NAME\n");
    }

    @Test
    void unsetVariablesAreReported() {
        Instruction.Workdir w = (Instruction.Workdir) only("WORKDIR /$MISSING/x");
        Expansion.Expanded<Instruction.Workdir> e = Expansion.expand(w, SUB, ENV);
        assertThat(e.instruction().path()).isEqualTo("//x");
        assertThat(e.unset()).containsExactly("MISSING");
    }
}
