package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.LogConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogPolicyTest {
    private static LogPolicy of(String type, Map<String, String> opts) {
        return LogPolicy.of(new LogConfig(type, opts));
    }

    private static void refused(String type, Map<String, String> opts, String message) {
        assertThatThrownBy(() -> of(type, opts)).isInstanceOf(InvalidArgumentException.class).hasMessage(message);
    }

    @Test
    void nothingSetIsBoundedByFiveFilesOf20MiB() {
        assertThat(of("", null)).isEqualTo(new LogPolicy("json-file", 20L << 20, 5));
        assertThat(of("json-file", Map.of())).isEqualTo(new LogPolicy("json-file", 20L << 20, 5));
        assertThat(of("local", Map.of())).isEqualTo(new LogPolicy("local", 20L << 20, 5));
    }

    @Test
    void maxSizeAloneOnJsonFileKeepsOneFileAsDockerDoes() {
        assertThat(of("json-file", Map.of("max-size", "10m"))).isEqualTo(new LogPolicy("json-file", 10_000_000, 1));
        assertThat(of("local", Map.of("max-size", "10m"))).isEqualTo(new LogPolicy("local", 10_000_000, 5));
    }

    @Test
    void maxSizeTakesDockersDecimalUnits() {
        assertThat(of("json-file", Map.of("max-size", "100k", "max-file", "2"))).isEqualTo(new LogPolicy("json-file", 100_000, 2));
        assertThat(DecimalSize.parse("1g")).isEqualTo(1_000_000_000L);
        assertThat(DecimalSize.parse("1.5MB")).isEqualTo(1_500_000L);
        assertThat(DecimalSize.parse("20KiB")).isEqualTo(20_000L);
        assertThat(DecimalSize.parse("512")).isEqualTo(512L);
        assertThat(DecimalSize.parse("3 k")).isEqualTo(3000L);
    }

    @Test
    void badSizesAndCountsAreRefusedWithDockersMessages() {
        String init = "failed to initialize logging driver: ";
        refused("json-file", Map.of("max-size", "abc"), init + "invalid size: 'abc'");
        refused("json-file", Map.of("max-size", "10x"), init + "invalid suffix: 'x'");
        refused("json-file", Map.of("max-size", "0"), init + "max-size must be a positive number");
        refused("local", Map.of("max-size", "abc"), init + "invalid value for max-size: abc: invalid size: 'abc'");
        refused("json-file", Map.of("max-file", "0"), init + "max-file cannot be less than 1");
        refused("json-file", Map.of("max-file", "two"), init + "strconv.Atoi: parsing \"two\": invalid syntax");
        refused("local", Map.of("max-file", "two"),
                init + "invalid value for max-file: two: strconv.Atoi: parsing \"two\": invalid syntax");
    }

    @Test
    void unknownDriversAndOptionsAreRefusedWithDockersMessages() {
        refused("splunkish", Map.of(), "error looking up logging plugin splunkish: plugin \"splunkish\" not found");
        refused("syslog", Map.of(), "log driver 'syslog' is not supported by Berth (json-file, local and none are)");
        refused("json-file", Map.of("max-sise", "1m"), "unknown log opt 'max-sise' for json-file log driver");
        refused("local", Map.of("bogus", "1"), "unknown log opt 'bogus' for log driver local");
        refused("json-file", Map.of("mode", "fast"), "logger: logging mode not supported: fast");
    }

    @Test
    void optionsDockerHasButBerthCannotHonourAreRefused() {
        refused("json-file", Map.of("tag", "x"), "log opt 'tag' is not supported by Berth's json-file log driver");
        refused("json-file", Map.of("compress", "true"), "log opt 'compress=true' is not supported by Berth's json-file log driver");
        refused("local", Map.of("mode", "non-blocking"), "log opt 'mode=non-blocking' is not supported by Berth's local log driver");
        assertThat(of("local", Map.of("compress", "false", "mode", "blocking")).maxFile()).isEqualTo(5);
    }

    @Test
    void noneKeepsNothingAndIgnoresOptionsAsDockerDoes() {
        LogPolicy none = of("none", Map.of("max-size", "whatever"));
        assertThat(none.keepsLog()).isFalse();
    }

    @Test
    void createTakesTheDaemonsDriverAndItsOptionsForKeysItDoesNotSet() {
        LogConfig daemon = new LogConfig("local", Map.of("max-size", "1m", "max-file", "3"));
        assertThat(LogPolicy.merge(new LogConfig("", Map.of("max-file", "2")), daemon))
                .isEqualTo(new LogConfig("local", Map.of("max-size", "1m", "max-file", "2")));
        assertThat(LogPolicy.merge(new LogConfig("json-file", Map.of()), daemon))
                .as("another driver does not take the daemon's options").isEqualTo(new LogConfig("json-file", Map.of()));
        assertThat(LogPolicy.merge(null, LogPolicy.DAEMON_DEFAULT)).isEqualTo(new LogConfig("json-file", Map.of()));
        assertThatThrownBy(() -> LogPolicy.merge(new LogConfig("nope", null), daemon))
                .hasMessage("error looking up logging plugin nope: plugin \"nope\" not found");
    }

    @Test
    void daemonDefaultsAreCheckedAsDockerdChecksThem() {
        assertThat(LogPolicy.daemonDefault(null, null)).isEqualTo(LogPolicy.DAEMON_DEFAULT);
        assertThat(LogPolicy.daemonDefault("local", Map.of())).isEqualTo(new LogConfig("local", Map.of()));
        assertThatThrownBy(() -> LogPolicy.daemonDefault("json-file", Map.of("max-file", "0")))
                .hasMessage("failed to set log opts: max-file cannot be less than 1");
    }
}
