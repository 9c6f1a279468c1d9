package berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private void feed(boolean terminal, String... messages) throws Exception {
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal);
        for (String m : messages) p.accept(Json.mapper().readTree(m));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pipedOutputPrintsEachLayerStatusOnceAndSkipsBytes() throws Exception {
        feed(false, "{\"status\":\"Pulling from bt/bb\",\"id\":\"1\"}",
                "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"abc\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},\"progress\":\"[=>]\",\"id\":\"abc\"}",
                "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"abc\"}",
                "{\"status\":\"Digest: sha256:00\"}");
        assertThat(text()).isEqualTo("1: Pulling from bt/bb\nabc: Pulling fs layer\nabc: Pull complete\nDigest: sha256:00\n");
    }

    @Test
    void terminalRedrawsTheLayerLineInPlace() throws Exception {
        feed(true, "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"abc\"}",
                "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"abc\"}");
        assertThat(text()).isEqualTo("\n\033[1A\033[2K\rabc: Pulling fs layer \r\033[1B"
                + "\033[1A\033[2K\rabc: Pull complete \r\033[1B");
    }

    @Test
    void errorInStreamIsThrown() {
        assertThatThrownBy(() -> feed(false, "{\"error\":\"boom\",\"errorDetail\":{\"message\":\"boom\"}}"))
                .isInstanceOf(ProgressPrinter.StreamError.class).hasMessage("boom");
    }

    @Test
    void terminalDrawsProgressFromTheDetailNotTheDaemonsText() throws Exception {
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 80);
        p.accept(Json.mapper().readTree("{\"status\":\"Downloading\",\"progressDetail\":{\"current\":36450,\"total\":3001000},"
                + "\"progress\":\"[>   ]\",\"id\":\"abc\"}"));
        assertThat(text()).isEqualTo("\n\033[1A\033[2K\rabc: Downloading  36.45kB/3.001MB\r\033[1B");
    }
}
