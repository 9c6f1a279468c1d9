package berth.daemon.http;

import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.daemon.log.Log;
import berth.daemon.route.Request;
import berth.daemon.route.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands each request to a virtual thread and feeds it the body as it arrives. One request per connection at a
 * time: a pipelined request waits until the previous response is complete. After a hijack the channel carries raw
 * bytes, which become the attached process's stdin. All fields are touched on the event loop only.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {
    private static final AtomicLong IDS = new AtomicLong();

    private final Router router;
    private final Executor testLoop;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private NettyResponse current;
    private BodyStream body;
    private BodyStream raw;
    private boolean inputShutdown;
    /** The hijacked stream's output has ended and was half-closed: the connection goes when the client's input does. */
    private boolean draining;

    RequestDispatcher(Router router) {
        this(router, null);
    }

    /** {@code loop} replaces the channel's event loop as the place where request threads hand work back (tests). */
    RequestDispatcher(Router router, Executor loop) {
        this.router = router;
        this.testLoop = loop;
    }

    /** Where request threads run what must happen on the event loop. */
    Executor loop() {
        return testLoop != null ? testLoop : ctx.executor();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (raw != null) {
            if (msg instanceof ByteBuf buf) raw.offer(buf);
            else ReferenceCountUtil.release(msg);
            return;
        }
        if (current != null && (msg instanceof HttpRequest || !pending.isEmpty())) {
            pending.add(msg);
            context.channel().config().setAutoRead(false);
            return;
        }
        dispatch(msg);
    }

    /** Wakes the reader of the body (or of a hijacked connection's input) once per read from the socket. */
    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        flushBodies();
        context.fireChannelReadComplete();
    }

    private void flushBodies() {
        if (raw != null) raw.flush();
        if (body != null) body.flush();
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) start(request);
        if (msg instanceof HttpContent content) {
            if (body == null) {
                content.release();
                return;
            }
            body.offer(content.content());
            if (content instanceof LastHttpContent) {
                body.end();
                if (current == null) body = null; // the unread rest of an answered request is now discarded
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(HttpRequest http) {
        VersionedRequest versioned = http instanceof VersionedRequest v ? v : ApiVersionHandler.strip(http);
        String framing = MessageFraming.problem(versioned.headers());
        boolean keepAlive = HttpUtil.isKeepAlive(http) && versioned.decoderResult().isSuccess() && framing == null;
        NettyResponse response = new NettyResponse(ctx.channel(), keepAlive, this);
        BodyStream requestBody = new BodyStream(ctx.channel());
        current = response;
        body = requestBody;
        QueryStringDecoder uri = new QueryStringDecoder(versioned.uri());
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> h : versioned.headers()) {
            headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        Request request = new Request(versioned.method().name(), uri.path(), versioned.version(), uri.parameters(),
                headers, Map.of(), requestBody);
        String id = Long.toString(IDS.incrementAndGet());
        Thread.ofVirtual().name("api-" + id).start(() ->
                ScopedValue.where(Log.REQUEST, id).run(() -> serve(versioned, framing, request, requestBody, response)));
    }

    private void serve(VersionedRequest http, String framing, Request request, BodyStream requestBody,
                       NettyResponse response) {
        long started = System.nanoTime();
        try {
            if (http.decoderResult().isFailure()) {
                throw new InvalidArgumentException("malformed HTTP request: " + http.decoderResult().cause().getMessage());
            }
            if (framing != null) throw new InvalidArgumentException("malformed HTTP request: " + framing);
            if (http.rejection() != null) throw new InvalidArgumentException(http.rejection());
            router.route(request).handle(response);
            if (!response.started()) throw new InternalException(request.method() + " " + request.path() + " sent no response", null);
        } catch (Throwable t) {
            Failures.answer(response, t);
        } finally {
            requestBody.close();
            Log.debug("request", "method", request.method(), "path", request.path(), "version", request.version(),
                    "status", response.status(), "ms", (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * Called on the event loop when {@code response} is complete. A body the route did not read (an unknown route,
     * a refused request) is still read and discarded to its end: closing while the client is sending would reset
     * the connection, and the client would see "broken pipe" instead of the answer.
     */
    void responded(NettyResponse response) {
        if (response != current) return;
        boolean reuse = raw == null && response.keepAlive() && !body.isFailed() && !inputShutdown
                && ctx.channel().isActive();
        current = null;
        if (raw != null || !reuse || body.isEnded()) body = null;
        if (raw != null) return;
        if (!reuse) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        while (!pending.isEmpty() && !(current != null && pending.peek() instanceof HttpRequest)) {
            dispatch(pending.poll());
        }
        flushBodies();
        if (pending.isEmpty()) ctx.channel().config().setAutoRead(true);
    }

    /** Called on the event loop: answers the upgrade, then removes HTTP from the pipeline. */
    void hijack(HttpResponse response, BodyStream input) {
        raw = input;
        if (inputShutdown) input.inputShutdown();
        ctx.writeAndFlush(response);
        ChannelPipeline pipeline = ctx.pipeline();
        for (String name : ApiChannelInitializer.HTTP_HANDLERS) {
            if (pipeline.get(name) != null) pipeline.remove(name);
        }
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        input.flush();
        ctx.channel().config().setAutoRead(true);
    }

    /**
     * Called on the event loop once all of a hijacked stream's output has been flushed. A client still sending (stdin
     * the process never read) would get a reset if the connection closed with its bytes unread, and report an error
     * instead of the exit code (dockerd's clients see a clean end), and over TCP a reset may discard output the
     * client has not read yet. So its input is read and dropped (the stream's input was closed), the output side is
     * shut (the client sees the end of the stream), and the connection closes when the client ends its input, or
     * after {@link #DRAIN_LIMIT_SECONDS}. Over TLS, where a half-close would skip close_notify, it closes at once.
     */
    void hijackedOutputEnded() {
        var channel = ctx.channel();
        if (inputShutdown || !channel.isActive() || !(channel instanceof DuplexChannel duplex)
                || ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null) {
            channel.close();
            return;
        }
        draining = true;
        duplex.shutdownOutput();
        ctx.executor().schedule(() -> { channel.close(); }, DRAIN_LIMIT_SECONDS, TimeUnit.SECONDS);
    }

    /** How long a client that keeps sending after the end of a hijacked stream's output may keep its connection. */
    static final long DRAIN_LIMIT_SECONDS = 10;

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        // Over TLS the client's half-close (the docker CLI's CloseWrite after stdin ends) is a close_notify alert
        if (event instanceof ChannelInputShutdownEvent || event instanceof SslCloseCompletionEvent) {
            inputShutdown = true;
            if (draining) {
                context.close();
            } else if (raw != null) {
                raw.inputShutdown(); // the client closed stdin; its output keeps flowing
            } else if (current != null) {
                // dockerd (Go's net/http) cancels a request whose client stopped sending; the answer may still go out
                current.clientGone();
                body.fail("client closed the connection");
            } else {
                context.close();
            }
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (raw != null) raw.fail("connection closed");
        if (current != null) {
            current.clientGone();
            body.fail("connection closed");
        }
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        Log.debug("connection error", "error", String.valueOf(cause.getMessage()));
        context.close();
    }
}
