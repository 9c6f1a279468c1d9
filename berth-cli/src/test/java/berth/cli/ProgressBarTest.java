package berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static JsonNode detail(String json) throws Exception {
        return Json.mapper().readTree(json);
    }

    @Test
    void narrowTerminalsShowOnlyTheCounts() throws Exception {
        assertThat(ProgressBar.render(detail("{\"current\":36450,\"total\":3001000}"), 80, 0)).isEqualTo(" 36.45kB/3.001MB");
    }

    @Test
    void wideTerminalsShowTheFiftyColumnBar() throws Exception {
        assertThat(ProgressBar.render(detail("{\"current\":3001000,\"total\":3001000}"), 120, 0))
                .isEqualTo("[" + "=".repeat(50) + ">]  3.001MB/3.001MB");
    }

    @Test
    void emptyDetailRendersNothing() throws Exception {
        assertThat(ProgressBar.render(detail("{}"), 120, 0)).isEmpty();
    }

    @Test
    void timeLeftIsEstimatedFromTheStart() throws Exception {
        assertThat(ProgressBar.render(detail("{\"current\":1000,\"total\":4000,\"start\":100}"), 80, 110)).isEqualTo("     1kB/4kB 30s");
    }
}
