package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.LogConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogDriversTest {

    @Test
    void noDriverMeansJsonFile() {
        assertThat(LogDrivers.validate(new LogConfig("", Map.of()))).isEqualTo(new LogConfig("json-file", Map.of()));
        assertThat(LogDrivers.validate(null)).isEqualTo(new LogConfig("json-file", Map.of()));
    }

    @Test
    void jsonFileLocalAndNoneAreAccepted() {
        assertThat(LogDrivers.validate(new LogConfig("local", Map.of("max-size", "10m", "max-file", "3"))).type())
                .isEqualTo("local");
        assertThat(LogDrivers.validate(new LogConfig("none", null)).type()).isEqualTo("none");
    }

    @Test
    void anotherDriverIsRefusedWithDockersMessage() {
        assertThatThrownBy(() -> LogDrivers.validate(new LogConfig("syslog", Map.of())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("logger: no log driver named 'syslog' is registered");
    }

    @Test
    void anUnknownOptionIsRefusedWithDockersMessage() {
        assertThatThrownBy(() -> LogDrivers.validate(new LogConfig("json-file", Map.of("frob", "1"))))
                .hasMessage("unknown log opt 'frob' for json-file log driver");
    }

    @Test
    void anOptionBerthDoesNotApplyIsRefusedByName() {
        assertThatThrownBy(() -> LogDrivers.validate(new LogConfig("json-file", Map.of("labels", "a"))))
                .hasMessageContaining("log opt 'labels'");
    }

    @Test
    void badRotationValuesAreRefused() {
        assertThatThrownBy(() -> LogDrivers.validate(new LogConfig("json-file", Map.of("max-size", "lots"))))
                .hasMessageContaining("max-size");
        assertThatThrownBy(() -> LogDrivers.validate(new LogConfig("json-file", Map.of("max-file", "0"))))
                .hasMessageContaining("max-file");
    }
}
