package berth.daemon.route;

import berth.api.model.ProgressMessage;
import berth.daemon.log.ClientMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * The JSON-lines body of pull, push and import. The response starts with the first message, so that an error
 * thrown before it is still a plain error status (what the docker CLI expects for "manifest unknown"); a failure
 * after it becomes an error line, as dockerd writes it. A write to a departed client throws, which aborts the work.
 */
final class ProgressStream implements Consumer<ProgressMessage> {
    private final Response response;
    private ChunkedOutput out;

    ProgressStream(Response response) {
        this.response = response;
    }

    @Override
    public synchronized void accept(ProgressMessage message) {
        try {
            if (out == null) out = response.stream(200, "application/json");
            out.writeJsonLine(message);
        } catch (IOException e) {
            throw new UncheckedIOException("client went away", e);
        }
    }

    boolean started() {
        return out != null;
    }

    /** Reports a failure: rethrows it when nothing was sent yet, else ends the stream with an error line. */
    synchronized void fail(RuntimeException error) {
        if (out == null) throw error;
        if (!out.isOpen()) return;
        try {
            out.writeJsonLine(ProgressMessage.error(ClientMessage.of(error)));
        } catch (IOException e) {
            // the client left while we reported the failure; nothing more to tell it
        }
        out.close();
    }

    synchronized void finish() throws IOException {
        if (out == null) out = response.stream(200, "application/json");
        out.close();
    }
}
