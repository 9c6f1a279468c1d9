package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.container.ContainerService.LogLine;
import berth.engine.container.ContainerService.LogOptions;
import berth.engine.container.ContainerService.StreamType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
    private static final String LOG = """
            2026-11-23T04:20:08.100000000+00:00 stdout F one
            2026-11-23T04:20:08.200000000+00:00 stderr F err
            2026-11-23T04:20:08.300000000+00:00 stdout P tw
            2026-11-23T04:20:08.400000000+00:00 stdout F o
            2026-11-23T04:20:08.500000000+00:00 stdout F three
            """;

    @TempDir
    Path dir;

    private List<String> read(LogOptions options, boolean running) throws Exception {
        Path file = dir.resolve("ctr.log");
        if (!Files.exists(file)) Files.writeString(file, LOG);
        List<String> out = new ArrayList<>();
        LogReader.read(file, options, new ContainerService.LogSink() {
            public void write(LogLine line) {
                out.add(line.stream() + ":" + new String(line.content(), StandardCharsets.UTF_8));
            }

            public boolean isOpen() {
                return true;
            }
        }, () -> running);
        return out;
    }

    private static LogOptions all() {
        return new LogOptions(false, true, true, 0, 0, false, -1);
    }

    @Test
    void recordLineIsParsedIntoTimeStreamPartialFlagAndText() {
        byte[] line = "2026-11-23T04:20:08.930558416+00:00 stderr P / # ".getBytes(StandardCharsets.UTF_8);
        LogReader.Record r = LogReader.parse(line, line.length);
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-23T04:20:08.930558416Z"));
        assertThat(r.stream()).isEqualTo(StreamType.STDERR);
        assertThat(r.partial()).isTrue();
        assertThat(new String(r.text(), StandardCharsets.UTF_8)).isEqualTo("/ # ");
    }

    @Test
    void malformedLineIsSkipped() {
        byte[] line = "not a log line".getBytes(StandardCharsets.UTF_8);
        assertThat(LogReader.parse(line, line.length)).isNull();
    }

    @Test
    void partialRecordsAreJoinedIntoOneLine() throws Exception {
        assertThat(read(all(), false)).containsExactly("STDOUT:one\n", "STDERR:err\n", "STDOUT:two\n", "STDOUT:three\n");
    }

    @Test
    void streamsCanBeSelected() throws Exception {
        assertThat(read(new LogOptions(false, false, true, 0, 0, false, -1), false)).containsExactly("STDERR:err\n");
    }

    @Test
    void tailKeepsTheLastLines() throws Exception {
        assertThat(read(new LogOptions(false, true, true, 0, 0, false, 2), false)).containsExactly("STDOUT:two\n", "STDOUT:three\n");
    }

    @Test
    void tailZeroPrintsNothing() throws Exception {
        assertThat(read(new LogOptions(false, true, true, 0, 0, false, 0), false)).isEmpty();
    }

    @Test
    void sinceAndUntilBoundTheLinesByTime() throws Exception {
        long since = nanos("2026-11-23T04:20:08.150Z");
        long until = nanos("2026-11-23T04:20:08.350Z");
        assertThat(read(new LogOptions(false, true, true, since, until, false, -1), false))
                .containsExactly("STDERR:err\n", "STDOUT:two\n");
    }

    @Test
    void followOfAStoppedContainerEndsAfterDrainingTheFile() throws Exception {
        assertThat(read(new LogOptions(true, true, true, 0, 0, false, -1), false)).hasSize(4);
    }

    @Test
    void followPicksUpLinesWrittenLaterAndStopsWhenTheContainerStops() throws Exception {
        Path file = dir.resolve("ctr.log");
        Files.writeString(file, "2026-11-23T04:20:08.100000000+00:00 stdout F first\n");
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> out = new ArrayList<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(150);
                Files.writeString(file, "2026-11-23T04:20:09.100000000+00:00 stdout F second\n",
                        java.nio.file.StandardOpenOption.APPEND);
                running.set(false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        LogReader.read(file, new LogOptions(true, true, true, 0, 0, false, -1), new ContainerService.LogSink() {
            public void write(LogLine line) {
                out.add(new String(line.content(), StandardCharsets.UTF_8));
            }

            public boolean isOpen() {
                return true;
            }
        }, running::get);
        writer.join();
        assertThat(out).containsExactly("first\n", "second\n");
    }

    private static long nanos(String t) {
        Instant i = Instant.parse(t);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
