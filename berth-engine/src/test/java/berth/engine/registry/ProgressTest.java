package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.ProgressMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private long now;
    private final List<ProgressMessage> sent = new ArrayList<>();
    private final Progress progress = new Progress(sent::add, "abc", "Downloading", 1000, () -> now);

    @Test
    void firstUpdateIsSentAtOnce() {
        progress.update(10);
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("abc");
            assertThat(m.status()).isEqualTo("Downloading");
            assertThat(m.progressDetail().current()).isEqualTo(10);
            assertThat(m.progressDetail().total()).isEqualTo(1000);
        });
    }

    @Test
    void updatesWithinAHundredMillisecondsAreDropped() {
        progress.update(10);
        now += Progress.INTERVAL_NANOS - 1;
        progress.update(20);
        now += 1;
        progress.update(30);
        assertThat(sent).extracting(m -> m.progressDetail().current()).containsExactly(10L, 30L);
    }

    @Test
    void finalCountIsAlwaysSentOnce() {
        progress.update(10);
        progress.update(1000);
        progress.update(1000);
        assertThat(sent).extracting(m -> m.progressDetail().current()).containsExactly(10L, 1000L);
    }
}
