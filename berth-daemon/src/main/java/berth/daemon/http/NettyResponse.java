package berth.daemon.http;

import berth.api.Json;
import berth.daemon.route.ChunkedOutput;
import berth.daemon.route.RawConnection;
import berth.daemon.route.Response;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answer to one request on a Netty channel. The first answering call fixes the kind of response; the exchange
 * ends when the body is complete, and then the {@link RequestDispatcher} may serve the next request on the
 * connection, or closes it.
 */
final class NettyResponse implements Response {
    private static final HttpResponseStatus UPGRADED = new HttpResponseStatus(101, "UPGRADED");

    private final Channel channel;
    private final boolean keepAlive;
    private final RequestDispatcher dispatcher;
    private final HttpHeaders extra = new DefaultHttpHeaders();
    private final List<Runnable> closeActions = new ArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile boolean clientGone;
    private volatile int status;

    NettyResponse(Channel channel, boolean keepAlive, RequestDispatcher dispatcher) {
        this.channel = channel;
        this.keepAlive = keepAlive;
        this.dispatcher = dispatcher;
    }

    Channel channel() {
        return channel;
    }

    RequestDispatcher dispatcher() {
        return dispatcher;
    }

    boolean started() {
        return started.get();
    }

    int status() {
        return status;
    }

    @Override
    public Response header(String name, String value) {
        extra.add(name, value);
        return this;
    }

    @Override
    public void send(int code) {
        full(code, null, new byte[0]);
    }

    @Override
    public void json(int code, Object body) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        byte[] line = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        line[bytes.length] = '\n';
        full(code, "application/json", line);
    }

    @Override
    public void text(int code, String body) {
        full(code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private void full(int code, String contentType, byte[] body) {
        begin(code);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code),
                Unpooled.wrappedBuffer(body));
        response.headers().add(extra);
        if (contentType != null) response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        // 204 and 304 carry no body and, per RFC 9110, no Content-Length either
        if (code != 204 && code != 304) HttpUtil.setContentLength(response, body.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        channel.writeAndFlush(response);
        complete();
    }

    @Override
    public ChunkedOutput stream(int code, String contentType) throws IOException {
        begin(code);
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code));
        response.headers().add(extra);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setTransferEncodingChunked(response, true);
        HttpUtil.setKeepAlive(response, keepAlive);
        Outbound.write(channel, response);
        return new ChunkedBody(this);
    }

    @Override
    public RawConnection hijack(boolean upgrade, String contentType) throws IOException {
        begin(upgrade ? 101 : 200);
        HttpResponse response = upgrade
                ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, UPGRADED)
                : new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().add(extra);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (upgrade) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            response.headers().set(HttpHeaderNames.UPGRADE, "tcp");
        }
        BodyStream input = new BodyStream(channel);
        try {
            // On the event loop, so that no byte of the client's stdin can reach the HTTP decoder in between. Not
            // waited for: every later write of the stream is queued on the same loop after it, so it follows the
            // answer, and the attached process starts meanwhile instead of after a round trip between threads.
            dispatcher.loop().execute(() -> dispatcher.hijack(response, input));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("taking over the connection failed: the server is shutting down", e);
        }
        return new HijackedConnection(this, input);
    }

    private void begin(int code) {
        if (!started.compareAndSet(false, true)) throw new IllegalStateException("response already started");
        status = code;
    }

    @Override
    public boolean isOpen() {
        return !clientGone && channel.isActive();
    }

    @Override
    public void onClose(Runnable action) {
        boolean runNow;
        synchronized (closeActions) {
            runNow = clientGone;
            if (!runNow) closeActions.add(action);
        }
        if (runNow) action.run();
    }

    /** The client closed the connection or its sending side: cancel what this request is doing. */
    void clientGone() {
        List<Runnable> actions;
        synchronized (closeActions) {
            if (clientGone) return;
            clientGone = true;
            actions = List.copyOf(closeActions);
            closeActions.clear();
        }
        for (Runnable action : actions) action.run();
    }

    /** The whole response was written (or handed over): the connection may serve the next request. */
    void complete() {
        if (!completed.compareAndSet(false, true)) return;
        dispatcher.loop().execute(() -> dispatcher.responded(this));
    }

    /** Ends a response that failed half-way: the only honest signal left to the client is closing the connection. */
    void abort() {
        channel.close();
        complete();
    }

    boolean keepAlive() {
        return keepAlive;
    }
}
