package berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.daemon.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    @TempDir
    Path dir;

    private DaemonConfig load(String json, String... args) throws Exception {
        Path file = dir.resolve("daemon.json");
        if (json != null) Files.writeString(file, json);
        String[] all = new String[args.length + 2];
        all[0] = "--config-file";
        all[1] = file.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return DaemonConfig.load(Flags.parse(all));
    }

    @Test
    void defaultsPutSocketAndPidFileUnderTheExecRoot() throws Exception {
        DaemonConfig c = DaemonConfig.merge(Flags.parse().values(), java.util.Map.of(), Path.of("/etc/berth/daemon.json"));
        assertThat(c.dataRoot()).isEqualTo(Path.of("/var/lib/berth"));
        assertThat(c.execRoot()).isEqualTo(Path.of("/run/berth"));
        assertThat(c.hosts()).containsExactly(new Host.Unix(Path.of("/run/berth/berth.sock")));
        assertThat(c.pidFile()).isEqualTo(Path.of("/run/berth/berthd.pid"));
        assertThat(c.logLevel()).isEqualTo(Log.Level.INFO);
    }

    @Test
    void networkSettingsComeFromTheFileOrTheFlags() throws Exception {
        DaemonConfig c = load("{\"bip\":\"10.66.0.1/24\",\"bridge\":\"bx0\","
                + "\"default-address-pools\":[{\"base\":\"10.67.0.0/16\",\"size\":24}]}");
        assertThat(c.network().bip()).isEqualTo("10.66.0.1/24");
        assertThat(c.network().bridgeOrDefault()).isEqualTo("bx0");
        assertThat(c.network().pools()).containsExactly(new berth.engine.network.NetworkConfig.AddressPool("10.67.0.0/16", 24));
        DaemonConfig f = DaemonConfig.merge(Flags.parse("--bip", "10.68.0.1/16", "-b", "by0",
                "--default-address-pool", "base=10.69.0.0/16,size=20").values(), java.util.Map.of(), dir.resolve("x.json"));
        assertThat(f.network().bip()).isEqualTo("10.68.0.1/16");
        assertThat(f.network().pools()).containsExactly(new berth.engine.network.NetworkConfig.AddressPool("10.69.0.0/16", 20));
    }

    @Test
    void badNetworkSettingsStopTheStart() {
        assertThatThrownBy(() -> load("{\"bip\":\"10.66.0.0\"}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid bip");
        assertThatThrownBy(() -> load("{\"bridge\":\"a-name-that-is-far-too-long\"}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid bridge name");
        assertThatThrownBy(() -> load("{\"default-address-pools\":[{\"base\":\"10.1.0.0/16\",\"size\":8}]}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("default-address-pools");
    }

    @Test
    void missingDefaultConfigFileIsFine() throws Exception {
        Flags flags = Flags.parse("--exec-root", dir.toString());
        assertThat(flags.configFileGiven()).isFalse();
        assertThat(DaemonJson.read(dir.resolve("absent.json"), false)).isEmpty();
    }

    @Test
    void missingExplicitConfigFileIsAnError() {
        assertThatThrownBy(() -> load(null)).isInstanceOf(ConfigException.class).hasMessageContaining("no such file");
    }

    @Test
    void fileAndFlagsMerge() throws Exception {
        DaemonConfig c = load("{\"data-root\":\"" + dir.resolve("data") + "\",\"insecure-registries\":[\"127.0.0.1:5000\"],"
                        + "\"debug\":true}",
                "--exec-root", dir.resolve("exec").toString(), "-H", "unix://" + dir.resolve("a.sock"),
                "--host=tcp://127.0.0.1:2375", "--tls=false");
        assertThat(c.dataRoot()).isEqualTo(dir.resolve("data"));
        assertThat(c.execRoot()).isEqualTo(dir.resolve("exec"));
        assertThat(c.insecureRegistries()).containsExactly("127.0.0.1:5000");
        assertThat(c.debug()).isTrue();
        assertThat(c.logLevel()).isEqualTo(Log.Level.DEBUG);
        assertThat(c.hosts()).containsExactly(new Host.Unix(dir.resolve("a.sock")), new Host.Tcp("127.0.0.1", 2375));
        assertThat(c.pidFile()).isEqualTo(dir.resolve("exec/berthd.pid"));
    }

    @Test
    void keyGivenAsFlagAndInFileIsAConflict() {
        assertThatThrownBy(() -> load("{\"hosts\":[\"unix:///x.sock\"],\"debug\":true}", "-H", "unix:///y.sock", "-D"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the following directives are specified both as a flag and in the configuration file: "
                        + "hosts: (from flag: [unix:///y.sock], from file: [unix:///x.sock]), debug: (from flag: true, from file: true)");
    }

    @Test
    void unknownKeysAreRejectedAsDockerdDoes() {
        assertThatThrownBy(() -> load("{\"storage-driver\":\"overlay2\",\"x\":1}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("the following directives don't match any configuration option: storage-driver, x");
    }

    @Test
    void wrongValueTypeIsRejected() {
        assertThatThrownBy(() -> load("{\"debug\":\"yes\"}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("debug");
    }

    @Test
    void logDriverAndLogOptsBecomeTheContainersDefault() throws Exception {
        DaemonConfig c = load("{\"log-driver\":\"local\",\"log-opts\":{\"max-size\":\"5m\",\"max-file\":\"2\"}}");
        assertThat(c.logConfig()).isEqualTo(new berth.api.model.LogConfig("local", java.util.Map.of("max-size", "5m", "max-file", "2")));
        assertThat(load("{}").logConfig().type()).isEqualTo("json-file");
    }

    @Test
    void logDriverAndLogOptFlagsDoTheSame() throws Exception {
        DaemonConfig c = load("{}", "--log-driver", "local", "--log-opt", "max-size=5m", "--log-opt=max-file=2");
        assertThat(c.logConfig()).isEqualTo(new berth.api.model.LogConfig("local", java.util.Map.of("max-size", "5m", "max-file", "2")));
    }

    @Test
    void badLogOptsStopTheDaemon() {
        assertThatThrownBy(() -> load("{\"log-opts\":{\"max-size\":\"huge\"}}")).isInstanceOf(ConfigException.class)
                .hasMessage("failed to set log opts: invalid size: 'huge'");
        assertThatThrownBy(() -> load("{\"log-driver\":\"fluentbit\"}")).isInstanceOf(ConfigException.class)
                .hasMessage("error looking up logging plugin fluentbit: plugin \"fluentbit\" not found");
        assertThatThrownBy(() -> load("{\"log-opts\":{\"max-file\":3}}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("log-opts");
    }

    @Test
    void repeatedFlagsAccumulate() throws Exception {
        DaemonConfig c = load("{}", "--insecure-registry", "a:5000", "--insecure-registry=b:5000");
        assertThat(List.copyOf(c.insecureRegistries())).containsExactly("a:5000", "b:5000");
    }

    @Test
    void unknownFlagIsAnError() {
        assertThatThrownBy(() -> Flags.parse("--storage-driver", "vfs")).isInstanceOf(ConfigException.class)
                .hasMessage("unknown flag: --storage-driver");
    }

    @Test
    void logLevelFromTheFile() throws Exception {
        assertThat(load("{\"log-level\":\"warn\"}").logLevel()).isEqualTo(Log.Level.WARN);
        assertThatThrownBy(() -> load("{\"log-level\":\"loud\"}")).isInstanceOf(ConfigException.class);
    }

    @Test
    void blankFileIsAnEmptyConfiguration() throws Exception {
        assertThat(load("  \n").dataRoot()).isEqualTo(Path.of("/var/lib/berth"));
    }

    @Test
    void pidFileOfALiveDaemonRefusesASecondOne() throws IOException {
        Path pid = dir.resolve("berthd.pid");
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(pid, other.pid() + "\n");
            assertThatThrownBy(() -> PidFile.create(pid)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("ensure berthd is not running");
        } finally {
            other.destroy();
        }
    }

    @Test
    void stalePidFileIsReplacedAndRemovedOnClose() throws Exception {
        Path pid = dir.resolve("berthd.pid");
        Files.writeString(pid, "999999999\n");
        PidFile file = PidFile.create(pid);
        assertThat(Files.readString(pid).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        file.close();
        assertThat(pid).doesNotExist();
    }

    @Test
    void tcpWithoutTlsIsRefusedEvenOnLoopback() {
        assertThatThrownBy(() -> load("{}", "-H", "tcp://127.0.0.1:2375")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("refusing to listen on tcp://127.0.0.1:2375 without TLS client verification")
                .hasMessageContaining("'--tls=false'");
    }

    @Test
    void tlsWithoutVerificationIsRefusedToo() {
        assertThatThrownBy(() -> load("{}", "-H", "tcp://127.0.0.1:2375", "--tls")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("without TLS client verification");
    }

    @Test
    void anExplicitTlsFalseAcceptsPlainTcp() throws Exception {
        DaemonConfig c = load("{}", "-H", "tcp://127.0.0.1:2375", "--tls=false");
        assertThat(c.tls().mode()).isEqualTo(Tls.Mode.OFF);
    }

    @Test
    void tlsverifyWithItsFilesFromFlags() throws Exception {
        DaemonConfig c = load("{}", "-H", "tcp://0.0.0.0:2376", "--tlsverify", "--tlscacert", "/c/ca.pem",
                "--tlscert", "/c/cert.pem", "--tlskey", "/c/key.pem");
        assertThat(c.tls()).isEqualTo(new Tls(Tls.Mode.VERIFY, Path.of("/c/ca.pem"), Path.of("/c/cert.pem"), Path.of("/c/key.pem")));
    }

    @Test
    void tlsSettingsFromDaemonJson() throws Exception {
        DaemonConfig c = load("{\"hosts\":[\"tcp://127.0.0.1:2376\"],\"tlsverify\":true,\"tlscacert\":\"/d/ca.pem\","
                + "\"tlscert\":\"/d/cert.pem\",\"tlskey\":\"/d/key.pem\"}");
        assertThat(c.tls()).isEqualTo(new Tls(Tls.Mode.VERIFY, Path.of("/d/ca.pem"), Path.of("/d/cert.pem"), Path.of("/d/key.pem")));
    }

    @Test
    void unixSocketsNeedNoTls() throws Exception {
        assertThat(load("{}").tls().mode()).isEqualTo(Tls.Mode.OFF);
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedShowingItAsWritten() {
        assertThatThrownBy(() -> DaemonJson.parse("{\"hosts\": [\"unix:///a.sock\", 1]}"))
                .isInstanceOf(ConfigException.class).hasMessage("invalid value for \"hosts\": [\"unix:///a.sock\", 1]");
        assertThatThrownBy(() -> DaemonJson.parse("{\"log-opts\": {\"max-size\": 10}}"))
                .isInstanceOf(ConfigException.class).hasMessage("invalid value for \"log-opts\": {\"max-size\": 10}");
        assertThatThrownBy(() -> DaemonJson.parse("{\"debug\": null}"))
                .isInstanceOf(ConfigException.class).hasMessage("invalid value for \"debug\": null");
    }

    @Test
    void everyKindOfValueIsReadAsWritten() throws ConfigException {
        assertThat(DaemonJson.parse("{\"hosts\": [\"unix:///a.sock\"], \"debug\": true, \"data-root\": \"/d\","
                + " \"log-opts\": {\"max-file\": \"3\"}, \"registry-stall-timeout\": 9}"))
                .containsEntry("hosts", List.of("unix:///a.sock")).containsEntry("debug", true)
                .containsEntry("data-root", "/d").containsEntry("log-opts", java.util.Map.of("max-file", "3"))
                .containsEntry("registry-stall-timeout", 9);
    }

    @Test
    void malformedJsonOrAnotherTopLevelThanAnObjectIsRefused() {
        assertThatThrownBy(() -> DaemonJson.parse("{\"debug\": true")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("end-of-input");
        assertThatThrownBy(() -> DaemonJson.parse("[\"debug\"]")).isInstanceOf(ConfigException.class)
                .hasMessage("the configuration must be a JSON object");
    }
}
