package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunMountTest {
    private static RunMount literal(String spec) {
        return RunMount.parse(spec, UnaryOperator.identity());
    }

    @Test
    void bindIsTheDefaultTypeAndReadOnly() {
        assertThat(literal("target=/src")).isEqualTo(new RunMount.Bind("/src", "", null, true));
    }

    @Test
    void bindFromAStageWithSourceAndReadWrite() {
        assertThat(literal("type=bind,from=build,source=/out,target=/in,rw"))
                .isEqualTo(new RunMount.Bind("/in", "/out", "build", false));
        assertThat(literal("type=bind,src=a,dst=/b,readwrite=true")).isEqualTo(new RunMount.Bind("/b", "a", null, false));
    }

    @Test
    void cacheDefaultsToReadWriteSharedAndTheTargetAsId() {
        assertThat(literal("type=cache,target=/root/.cache/go-build/"))
                .isEqualTo(new RunMount.Cache("/root/.cache/go-build/", "/root/.cache/go-build",
                        RunMount.Sharing.SHARED, null, "", false, null, null, null));
    }

    @Test
    void cacheWithEveryOption() {
        RunMount.Cache c = (RunMount.Cache) literal(
                "type=cache,id=apt,target=/var/cache/apt,sharing=locked,mode=0700,uid=1000,gid=1000,ro");
        assertThat(c.id()).isEqualTo("apt");
        assertThat(c.sharing()).isEqualTo(RunMount.Sharing.LOCKED);
        assertThat(c.mode()).isEqualTo(0700L);
        assertThat(c.uid()).isEqualTo(1000L);
        assertThat(c.readOnly()).isTrue();
    }

    @Test
    void tmpfsSizeUsesBinaryUnits() {
        assertThat(literal("type=tmpfs,target=/tmp,size=64m")).isEqualTo(new RunMount.Tmpfs("/tmp", 64L << 20));
        assertThat(literal("type=tmpfs,target=/t,size=1.5GiB")).isEqualTo(new RunMount.Tmpfs("/t", 3L << 29));
        assertThat(literal("type=tmpfs,target=/t")).isEqualTo(new RunMount.Tmpfs("/t", 0));
    }

    @Test
    void secretIdDefaultsToTheTargetsBaseNameAndTheFileToRunSecrets() {
        RunMount.Secret byTarget = (RunMount.Secret) literal("type=secret,target=/root/.npmrc");
        assertThat(byTarget.id()).isEqualTo(".npmrc");
        assertThat(byTarget.fileTarget()).isEqualTo("/root/.npmrc");
        RunMount.Secret byId = (RunMount.Secret) literal("type=secret,id=aws,required");
        assertThat(byId.fileTarget()).isEqualTo("/run/secrets/aws");
        assertThat(byId.required()).isTrue();
        assertThat(((RunMount.Secret) literal("type=secret,source=token")).id()).isEqualTo("token");
    }

    @Test
    void aSecretAsAnEnvironmentVariableMountsNoFile() {
        RunMount.Secret s = (RunMount.Secret) literal("type=secret,id=api,env=API_KEY");
        assertThat(s.env()).isEqualTo("API_KEY");
        assertThat(s.fileTarget()).isNull();
    }

    @Test
    void sshDefaultsToTheDefaultAgent() {
        assertThat(literal("type=ssh")).isEqualTo(new RunMount.Ssh("default", "", false, null, null, null));
    }

    @Test
    void quotedCsvFieldsMayHoldCommas() {
        RunMount.Bind b = (RunMount.Bind) literal("type=bind,\"source=a,b\",target=/x");
        assertThat(b.source()).isEqualTo("a,b");
    }

    @Test
    void valuesAreExpandedButFromIsNot() {
        Substitution sub = Substitution.standard();
        Map<String, String> env = Map.of("DIR", "/cache", "ID", "gomod");
        RunMount.Cache c = (RunMount.Cache) RunMount.parse("type=cache,id=$ID,target=${DIR}/mod,from=base",
                v -> sub.expand(v, env));
        assertThat(c.id()).isEqualTo("gomod");
        assertThat(c.target()).isEqualTo("/cache/mod");
        assertThat(c.from()).isEqualTo("base");
    }

    @Test
    void aRunWithVariablesInItsMountIsCheckedWhenExpanded() {
        Instruction.Run run = (Instruction.Run) DockerfileParserTest.only("RUN --mount=type=$T,target=/x true");
        assertThatThrownBy(() -> run.mounts(v -> v.replace("$T", "nfs"))).isInstanceOf(
                InvalidArgumentException.class).hasMessage("unsupported mount type \"nfs\"");
        assertThat(run.mounts(v -> v.replace("$T", "tmpfs"))).singleElement().isInstanceOf(RunMount.Tmpfs.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            type=bind,target=/x,required              | unexpected key 'required' for mount type 'bind'
            required,type=secret,id=x                 | unexpected key 'required' for mount type 'bind'
            type=bind,target=/x,size=1m               | unexpected key 'size' for mount type 'bind'
            type=bind,target=/x,mode=0755             | mode not allowed for "bind" type mounts
            type=tmpfs,target=/x,uid=1                | uid not allowed for "tmpfs" type mounts
            type=cache,target=/x,sharing=all          | unsupported sharing value "all"
            type=bind,target=/x,sharing=locked        | invalid cache sharing set for bind mount
            type=secret                               | invalid secret mount. one of source, target required
            type=secret,id=a,source=b                 | both source and id can't be set
            type=secret,id=a,from=x                   | secret mount should not have a from
            type=ssh,source=x                         | ssh does not support source
            type=cache,target=/x,mode=999             | invalid value 999 for mode
            type=cache,target=/x,uid=-1               | invalid value -1 for uid
            type=bind,target=/x,ro=maybe              | invalid value for ro: maybe
            type=tmpfs,target=/x,size=lots            | invalid value for size: lots
            type=bind,target                          | invalid field 'target' must be a key=value pair
            type=bind,"target=/x                      | failed to parse csv mounts: extraneous or missing " in quoted-field
            type=bind,tar"get=/x                      | failed to parse csv mounts: bare " in non-quoted-field
            type=cahce,target=/x                      | unsupported mount type "cahce" (did you mean cache?)
            """)
    void refusesBadMountsWithDockersWording(String spec, String message) {
        assertThatThrownBy(() -> literal(spec)).isInstanceOf(InvalidArgumentException.class).hasMessage(message);
    }
}
