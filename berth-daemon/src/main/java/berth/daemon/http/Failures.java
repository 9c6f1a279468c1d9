package berth.daemon.http;

import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.model.ErrorResponse;
import berth.daemon.log.ClientMessage;
import berth.daemon.log.Log;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns what a route threw into the client's answer: the kind's status and {@code {"message": …}}, or 500 with a
 * generic message and an error id for internal failures and anything unexpected (the detail is logged, see
 * {@link ClientMessage}). After a response has started the connection is closed; when
 * the client has gone there is nobody to tell, and that is logged at debug only.
 */
final class Failures {
    private Failures() {}

    static void answer(NettyResponse response, Throwable failure) {
        if (!response.isOpen() || isDisconnect(failure) && !response.channel().isActive()) {
            Log.debug("client went away", "error", String.valueOf(failure.getMessage()));
            if (response.started()) response.abort();
            else response.complete();
            return;
        }
        if (response.started()) {
            Log.error("response failed after it started", failure);
            response.abort();
            return;
        }
        int status = failure instanceof EngineException kind ? ErrorStatus.of(kind).code() : 500;
        // 501 and 503 are told as they are; still worth the log (internal failures are logged by ClientMessage)
        if (status >= 500 && !(failure instanceof InternalException) && failure instanceof EngineException) {
            Log.error("request failed", failure, "status", status);
        }
        if (status == 304) response.send(304);
        else response.json(status, new ErrorResponse(ClientMessage.of(failure)));
    }

    private static boolean isDisconnect(Throwable t) {
        return t instanceof IOException || t instanceof UncheckedIOException;
    }
}
