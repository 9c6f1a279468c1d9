package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {
    @Test
    void streamOfExactlyTheLimitReadsThroughAndReportsCounts() throws IOException {
        List<Long> counts = new ArrayList<>();
        try (var in = new LimitedInputStream(new ByteArrayInputStream(new byte[10]), 10, counts::add)) {
            assertThat(in.readAllBytes()).hasSize(10);
        }
        assertThat(counts).last().isEqualTo(10L);
    }

    @Test
    void readingPastTheLimitIsAnError() {
        var in = new LimitedInputStream(new ByteArrayInputStream(new byte[11]), 10, n -> {});
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("larger than");
    }

    @Test
    void endingBeforeTheLimitIsAnError() {
        var in = new LimitedInputStream(new ByteArrayInputStream(new byte[9]), 10, n -> {});
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("unexpected EOF");
    }
}
