package berth.daemon.route;

import java.io.IOException;

/**
 * How a route answers. Exactly one of the answering methods is called per request. Every method may be called from
 * the request's virtual thread; none blocks the event loop.
 */
public interface Response {

    /** Adds a header to the response that is about to be sent. */
    Response header(String name, String value);

    /** A response without a body (204, 304, 201 for tag, or 200 with Content-Length: 0). */
    void send(int status);

    /** {@code body} as JSON, Content-Type: application/json. */
    void json(int status, Object body);

    /** A text/plain body. */
    void text(int status, String body);

    /** Starts a chunked response and flushes its headers at once (the docker CLI waits for them, e.g. on wait). */
    ChunkedOutput stream(int status, String contentType) throws IOException;

    /**
     * Takes the connection over: answers 101 UPGRADED ({@code upgrade}) or 200, with {@code contentType}, then leaves
     * HTTP behind. The returned stream carries raw bytes both ways until closed.
     */
    RawConnection hijack(boolean upgrade, String contentType) throws IOException;

    /** False once the client has gone. */
    boolean isOpen();

    /** Runs {@code action} when the client goes away (at once if it already has); used to cancel work. */
    void onClose(Runnable action);
}
