package berth.daemon.http;

import berth.api.errors.EngineException;
import berth.api.model.ErrorResponse;
import berth.daemon.log.Log;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns what a route threw into the client's answer: the kind's status and {@code {"message": …}}, or 500 with the
 * message for anything else (logged with its stack). After a response has started the connection is closed; when
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
        if (failure instanceof EngineException kind) {
            int status = ErrorStatus.of(kind).code();
            if (status >= 500) Log.error("request failed", failure, "status", status);
            if (status == 304) response.send(304);
            else response.json(status, new ErrorResponse(kind.getMessage()));
            return;
        }
        Log.error("request failed", failure, "status", 500);
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        response.json(500, new ErrorResponse(message));
    }

    private static boolean isDisconnect(Throwable t) {
        return t instanceof IOException || t instanceof UncheckedIOException;
    }
}
