package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.container.ContainerService.LogLine;
import berth.engine.container.ContainerService.LogOptions;
import berth.engine.container.ContainerService.StreamType;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
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

    private LogFiles files(int maxFile) {
        return new LogFiles(dir.resolve("ctr.log"), maxFile);
    }

    private List<String> read(LogOptions options, boolean running) throws Exception {
        Path file = dir.resolve("ctr.log");
        if (!Files.exists(file)) Files.writeString(file, LOG);
        return read(files(5), options, () -> running);
    }

    private static List<String> read(LogFiles files, LogOptions options, BooleanSupplier running) throws Exception {
        return read(files, options, running, new CopyOnWriteArrayList<>());
    }

    /** Reads into {@code out} as lines arrive, for a follower watched while it runs. */
    private static List<String> read(LogFiles files, LogOptions options, BooleanSupplier running, List<String> out)
            throws Exception {
        LogReader.read(files, options, new ContainerService.LogSink() {
            public void write(LogLine line) {
                out.add(line.stream() + ":" + new String(line.content(), StandardCharsets.UTF_8));
            }

            public boolean isOpen() {
                return true;
            }
        }, running);
        return out;
    }

    private static LogOptions all() {
        return new LogOptions(false, true, true, 0, 0, false, -1);
    }

    private static LogOptions tail(int n) {
        return new LogOptions(false, true, true, 0, 0, false, n);
    }

    private static LogOptions follow() {
        return new LogOptions(true, true, true, 0, 0, false, -1);
    }

    private static String record(String stream, boolean partial, String text) {
        return "2026-11-23T04:20:08.100000000+00:00 " + stream + (partial ? " P " : " F ") + text + "\n";
    }

    @Test
    void recordHeaderIsParsedInPlace() {
        byte[] line = "2026-11-23T04:20:08.930558416+00:00 stderr P / # ".getBytes(StandardCharsets.UTF_8);
        LogRecord r = LogRecord.parse(line, 0, line.length);
        assertThat(LogRecord.time(line, 0, r)).isEqualTo(Instant.parse("2026-11-23T04:20:08.930558416Z"));
        assertThat(r.stream()).isEqualTo(StreamType.STDERR);
        assertThat(r.partial()).isTrue();
        assertThat(new String(line, r.textStart(), line.length - r.textStart(), StandardCharsets.UTF_8)).isEqualTo("/ # ");
    }

    @Test
    void malformedLineIsSkipped() throws Exception {
        byte[] line = "not a log line".getBytes(StandardCharsets.UTF_8);
        assertThat(LogRecord.parse(line, 0, line.length)).isNull();
        Files.writeString(dir.resolve("ctr.log"), "garbage here\n" + record("stdout", false, "ok"));
        assertThat(read(all(), false)).containsExactly("STDOUT:ok\n");
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
        assertThat(read(tail(2), false)).containsExactly("STDOUT:two\n", "STDOUT:three\n");
    }

    @Test
    void tailZeroPrintsNothing() throws Exception {
        assertThat(read(tail(0), false)).isEmpty();
    }

    @Test
    void tailCountsLinesOfBothStreamsBeforeTheStreamFilter() throws Exception {
        // as dockerd: the last 2 lines are "two" and "three"; asking for stderr only then shows none of them
        assertThat(read(new LogOptions(false, false, true, 0, 0, false, 2), false)).isEmpty();
    }

    @Test
    void tailTakesWholeLinesWhenStreamsInterleaveWithPartialRecords() throws Exception {
        Files.writeString(dir.resolve("ctr.log"), record("stdout", true, "a") + record("stderr", false, "e1")
                + record("stdout", false, "b") + record("stderr", false, "e2"));
        assertThat(read(tail(2), false)).containsExactly("STDOUT:ab\n", "STDERR:e2\n");
        assertThat(read(tail(3), false)).containsExactly("STDERR:e1\n", "STDOUT:ab\n", "STDERR:e2\n");
    }

    @Test
    void sinceAndUntilBoundTheLinesByTime() throws Exception {
        long since = nanos("2026-11-23T04:20:08.150Z");
        long until = nanos("2026-11-23T04:20:08.350Z");
        assertThat(read(new LogOptions(false, true, true, since, until, false, -1), false))
                .containsExactly("STDERR:err\n", "STDOUT:two\n");
    }

    @Test
    void lastUnfinishedLineOfAStoppedContainerIsPrintedWithoutANewline() throws Exception {
        Files.writeString(dir.resolve("ctr.log"), record("stdout", false, "one") + record("stdout", true, "last"));
        assertThat(read(all(), false)).containsExactly("STDOUT:one\n", "STDOUT:last");
    }

    @Test
    void followOfAStoppedContainerAlsoPrintsItsLastUnfinishedLine() throws Exception {
        Files.writeString(dir.resolve("ctr.log"), record("stdout", false, "one") + record("stdout", true, "last"));
        assertThat(read(follow(), false)).containsExactly("STDOUT:one\n", "STDOUT:last");
    }

    @Test
    void followHoldsAnUnfinishedLineUntilItsEndArrives() throws Exception {
        Path file = dir.resolve("ctr.log");
        Files.writeString(file, record("stdout", true, "hel"));
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out.addAll(read(files(5), follow(), running::get));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        Files.writeString(file, record("stdout", false, "lo"), StandardOpenOption.APPEND);
        running.set(false);
        reader.join();
        assertThat(out).containsExactly("STDOUT:hello\n");
    }

    @Test
    void followOfAStoppedContainerEndsAfterDrainingTheFile() throws Exception {
        assertThat(read(follow(), false)).hasSize(4);
    }

    @Test
    void followPicksUpLinesWrittenLaterAndStopsWhenTheContainerStops() throws Exception {
        Path file = dir.resolve("ctr.log");
        Files.writeString(file, record("stdout", false, "first"));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(150);
                Files.writeString(file, record("stdout", false, "second"), StandardOpenOption.APPEND);
                running.set(false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> out = read(files(5), follow(), running::get);
        writer.join();
        assertThat(out).containsExactly("STDOUT:first\n", "STDOUT:second\n");
    }

    @Test
    void aLogReadsThroughItsRotatedFilesOldestFirst() throws Exception {
        Files.writeString(dir.resolve("ctr.log.2"), record("stdout", false, "1"));
        Files.writeString(dir.resolve("ctr.log.1"), record("stdout", false, "2") + record("stdout", true, "3"));
        Files.writeString(dir.resolve("ctr.log"), record("stdout", false, "+") + record("stdout", false, "4"));
        assertThat(read(files(3), all(), () -> false)).containsExactly("STDOUT:1\n", "STDOUT:2\n", "STDOUT:3+\n", "STDOUT:4\n");
        assertThat(read(files(3), tail(2), () -> false)).containsExactly("STDOUT:3+\n", "STDOUT:4\n");
        assertThat(read(files(3), tail(3), () -> false)).containsExactly("STDOUT:2\n", "STDOUT:3+\n", "STDOUT:4\n");
    }

    @Test
    void followGoesOnIntoTheNewFileWhenConmonRotates() throws Exception {
        LogFiles files = files(3);
        Path log = files.current();
        Files.writeString(log, record("stdout", false, "a1"));
        files.prepare(); // the run's log moves to ctr.log.1; a fresh ctr.log is held
        Files.writeString(log, record("stdout", false, "b1"), StandardOpenOption.APPEND);
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                read(files, follow(), running::get, out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Each step waits for the reader (not for a time): with max-file 3, a reader more than two rotations behind
        // has lost lines by design, whatever the machine's load.
        awaitLines(out, 2); // following ctr.log
        Files.writeString(log, record("stdout", false, "b2"), StandardOpenOption.APPEND);
        conmonRotates(files, record("stdout", false, "c1"));
        awaitLines(out, 4); // followed into the new file
        conmonRotates(files, record("stdout", false, "d1"));
        conmonRotates(files, record("stdout", false, "e1")); // two rotations between polls, most likely
        Files.writeString(log, record("stdout", false, "e2"), StandardOpenOption.APPEND);
        awaitLines(out, 7);
        running.set(false);
        reader.join();
        assertThat(out).containsExactly("STDOUT:a1\n", "STDOUT:b1\n", "STDOUT:b2\n", "STDOUT:c1\n", "STDOUT:d1\n",
                "STDOUT:e1\n", "STDOUT:e2\n");
    }

    @Test
    void aReadDuringRotationsSeesEveryGenerationOnceInOrder() throws Exception {
        LogFiles files = files(1000); // nothing is dropped: any gap is the reader's
        Files.writeString(files.current(), record("stdout", false, "0"));
        files.prepare();
        int rotations = 150;
        Thread rotator = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 1; i <= rotations; i++) conmonRotates(files, record("stdout", false, Integer.toString(i)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<List<String>> reads = new ArrayList<>();
        while (rotator.isAlive()) reads.add(read(files, all(), () -> false));
        rotator.join();
        reads.add(read(files, all(), () -> false));
        for (List<String> lines : reads) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) expected.add("STDOUT:" + i + "\n");
            assertThat(lines).as("a read of %d reads", reads.size()).isEqualTo(expected);
        }
        assertThat(reads.getLast()).hasSize(rotations + 1);
    }

    /** Waits (boundedly) until the follower has delivered {@code n} lines; the assertion after it tells what came. */
    private static void awaitLines(List<String> out, int n) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (out.size() < n && System.nanoTime() < deadline) Thread.sleep(10);
    }

    /** What conmon does at its size limit (a new ctr.log.tmp renamed over ctr.log), then what LogRotator does. */
    private static void conmonRotates(LogFiles files, String firstRecord) throws Exception {
        Path tmp = files.current().resolveSibling("ctr.log.tmp");
        Files.writeString(tmp, firstRecord);
        Files.move(tmp, files.current(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        files.shift();
    }

    @Test
    void tailFindsTheSameLinesAsReadingEverythingWhateverTheChunkBoundaries() throws Exception {
        Random random = new Random(42);
        StringBuilder older = new StringBuilder();
        StringBuilder newer = new StringBuilder();
        for (int i = 0; i < 6000; i++) {
            StringBuilder target = i < 2500 ? older : newer;
            String stream = random.nextInt(4) == 0 ? "stderr" : "stdout";
            String text = "x".repeat(random.nextInt(random.nextInt(10) == 0 ? 400 : 40)) + i;
            target.append(record(stream, random.nextInt(5) == 0, text));
        }
        Files.writeString(dir.resolve("ctr.log.1"), older);
        newer.append(record("stderr", false, "end")).append(record("stdout", false, "end"));
        Files.writeString(dir.resolve("ctr.log"), newer + "2026-11-23T04:20:08.1"); // a record being written
        List<String> everything = read(files(2), all(), () -> true);
        for (int n : new int[] {1, 2, 3, 7, 100, 1234, 3000, everything.size(), everything.size() + 10}) {
            List<String> expected = everything.subList(Math.max(0, everything.size() - n), everything.size());
            assertThat(read(files(2), tail(n), () -> true)).as("tail %d", n).isEqualTo(expected);
        }
    }

    @Test
    void tailOfA50MegabyteLogReadsOnlyItsEnd() throws Exception {
        Path log = dir.resolve("ctr.log");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 16)) {
            byte[] filler = record("stdout", false, "y".repeat(200)).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < 50L << 20; written += filler.length) out.write(filler);
            for (int i = 1; i <= 5; i++) out.write(record("stdout", false, "last" + i).getBytes(StandardCharsets.US_ASCII));
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        read(files(1), tail(5), () -> false); // loads the classes involved
        long before = threads.getCurrentThreadAllocatedBytes();
        List<String> out = read(files(1), tail(5), () -> false);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(out).containsExactly("STDOUT:last1\n", "STDOUT:last2\n", "STDOUT:last3\n", "STDOUT:last4\n",
                "STDOUT:last5\n");
        assertThat(allocated).as("bytes allocated to tail a 50 MB log").isLessThan(1L << 20);
    }

    @Test
    void anEndlessLineIsPassedOnInPiecesInsteadOfHeldWhole() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 10; i++) log.append(record("stdout", true, "z".repeat(8000)));
        Files.writeString(dir.resolve("ctr.log"), log);
        List<String> out = new ArrayList<>(read(files(1), follow(), () -> false));
        assertThat(out).allSatisfy(l -> assertThat(l.length() - "STDOUT:".length()).isLessThanOrEqualTo(24_000));
        assertThat(String.join("", out).replace("STDOUT:", "")).isEqualTo("z".repeat(80_000));
    }

    private static long nanos(String t) {
        Instant i = Instant.parse(t);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
