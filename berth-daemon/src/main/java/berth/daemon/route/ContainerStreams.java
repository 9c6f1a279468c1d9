package berth.daemon.route;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.WaitResponse;
import berth.engine.container.ContainerService;
import berth.engine.container.ContainerService.Attachment;
import berth.engine.container.ContainerService.LogLine;
import berth.engine.container.ContainerService.LogOptions;
import berth.engine.container.ContainerService.StreamType;
import berth.engine.container.ContainerService.WaitCondition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The container endpoints that stream: wait, logs, attach. Each validates with the engine before answering. */
final class ContainerStreams {
    private static final String RAW = "application/vnd.docker.raw-stream";
    private static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";

    private final ContainerService containers;

    ContainerStreams(ContainerService containers) {
        this.containers = containers;
    }

    /**
     * Registers the waiter, then flushes the headers at once: the docker CLI sends start only after it has them.
     * A client leaving first cancels the wait.
     */
    void containerWait(String id, WaitCondition condition, Response response) throws IOException, InterruptedException {
        CompletableFuture<WaitResponse> future = containers.wait(id, condition);
        // Before the headers go out: a client that has seen them and leaves must find the cancellation in place.
        response.onClose(() -> future.cancel(true));
        try (ChunkedOutput out = response.stream(200, "application/json")) {
            String body;
            try {
                WaitResponse result = future.get();
                body = waitBody(result.statusCode(), result.error() == null ? null : result.error().message());
            } catch (CancellationException e) {
                return;
            } catch (ExecutionException e) {
                body = waitBody(-1, berth.daemon.log.ClientMessage.of(e.getCause()));
            }
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Written by hand because the shared mapper drops nulls, and clients expect {@code "Error":null} as dockerd sends it. */
    static String waitBody(long statusCode, String error) throws IOException {
        String errorJson = error == null ? "null" : "{\"Message\":" + Json.mapper().writeValueAsString(error) + "}";
        return "{\"StatusCode\":" + statusCode + ",\"Error\":" + errorJson + "}\n";
    }

    void containerLogs(Request request, Response response) throws IOException {
        String id = request.param("id");
        boolean stdout = request.bool("stdout");
        boolean stderr = request.bool("stderr");
        if (!stdout && !stderr) throw new InvalidArgumentException("Bad parameters: you must choose at least one stream");
        LogOptions options = new LogOptions(request.bool("follow"), stdout, stderr,
                Timestamps.parseNanos(request.query("since"), "since"), Timestamps.parseNanos(request.query("until"), "until"),
                request.bool("timestamps"), tail(request.query("tail")));
        ContainerService.LogStream logs = containers.logs(id, options);
        boolean tty = logs.tty();
        try (ChunkedOutput out = response.stream(200, tty ? RAW : MULTIPLEXED)) {
            StreamFrames frames = new StreamFrames(out::write, !tty);
            logs.writeTo(new ContainerService.LogSink() {
                @Override
                public void write(LogLine line) throws IOException {
                    byte[] content = line.content();
                    if (options.timestamps()) {
                        byte[] prefix = (Timestamps.rfc3339NanoFixed(line.time()) + " ").getBytes(StandardCharsets.US_ASCII);
                        byte[] joined = new byte[prefix.length + content.length];
                        System.arraycopy(prefix, 0, joined, 0, prefix.length);
                        System.arraycopy(content, 0, joined, prefix.length, content.length);
                        content = joined;
                    }
                    frames.write(line.stream().code(), content, 0, content.length);
                }

                @Override
                public boolean isOpen() {
                    return out.isOpen();
                }
            });
        }
    }

    private static int tail(String text) {
        if (text == null || text.isEmpty() || text.equals("all")) return -1;
        try {
            return Math.max(-1, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            // dockerd shows everything when tail is not a number
            return -1;
        }
    }

    /**
     * Registers the attachment first, so that "No such container" is still a plain 404, then takes the connection
     * over. The client's half-close ends stdin only; the connection closes when the container's output ends.
     */
    void containerAttach(String id, ContainerService.AttachOptions options, boolean upgrade, Response response)
            throws IOException {
        if (!options.stream()) {
            replayOnly(id, options, upgrade, response);
            return;
        }
        ContainerService.LogStream replay = options.logs() ? logsToReplay(id, options) : null;
        try (Attachment attachment = containers.attach(id, options)) {
            String contentType = upgrade || attachment.tty() ? RAW : MULTIPLEXED;
            try (RawConnection connection = response.hijack(upgrade, contentType)) {
                StreamFrames frames = new StreamFrames(connection::write, !attachment.tty());
                ContainerService.StreamSink sink = sink(frames, connection);
                if (replay != null) replay(replay, sink);
                attachment.stream(connection.input(), sink);
            }
        }
    }

    /** {@code stream=0}: the output so far (with {@code logs=1}), then the end; nothing is attached. */
    private void replayOnly(String id, ContainerService.AttachOptions options, boolean upgrade, Response response)
            throws IOException {
        ContainerService.LogStream replay = options.logs() ? logsToReplay(id, options) : null;
        boolean tty = replay != null ? replay.tty() : containers.inspect(id).config().tty() == Boolean.TRUE;
        try (RawConnection connection = response.hijack(upgrade, upgrade || tty ? RAW : MULTIPLEXED)) {
            if (replay != null) replay(replay, sink(new StreamFrames(connection::write, !tty), connection));
        }
    }

    /** The container's log, as attach's {@code logs=1} replays it; none for a container that keeps no log. */
    private ContainerService.LogStream logsToReplay(String id, ContainerService.AttachOptions options) {
        try {
            return containers.logs(id, new LogOptions(false, options.stdout(), options.stderr(), 0, 0, false, -1));
        } catch (berth.api.errors.NotImplementedException e) {
            return null;
        }
    }

    private static void replay(ContainerService.LogStream logs, ContainerService.StreamSink sink) throws IOException {
        logs.writeTo(new ContainerService.LogSink() {
            @Override
            public void write(LogLine line) throws IOException {
                sink.write(line.stream(), line.content(), 0, line.content().length);
            }

            @Override
            public boolean isOpen() {
                return sink.isOpen();
            }
        });
    }

    static ContainerService.StreamSink sink(StreamFrames frames, RawConnection connection) {
        return new ContainerService.StreamSink() {
            @Override
            public void write(StreamType stream, byte[] data, int offset, int length) throws IOException {
                frames.write(stream.code(), data, offset, length);
            }

            @Override
            public boolean isOpen() {
                return connection.isOpen();
            }
        };
    }

    /**
     * Pumps an attachment (a container's or an exec's) over a connection taken over from HTTP: 101 (or 200 for
     * clients that do not upgrade), raw bytes with a TTY, multiplexed frames without.
     */
    static void hijackAndStream(Attachment attachment, boolean upgrade, Response response) throws IOException {
        String contentType = upgrade || attachment.tty() ? RAW : MULTIPLEXED;
        try (RawConnection connection = response.hijack(upgrade, contentType)) {
            attachment.stream(connection.input(), sink(new StreamFrames(connection::write, !attachment.tty()), connection));
        }
    }
}
