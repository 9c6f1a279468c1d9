package berth.daemon.dashboard;

import berth.api.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard's front door, in front of the API's own handlers on each dashboard connection: checks Host and
 * Origin, logs in and out, serves the page's files, opens WebSockets, and hands {@code /api/...} on to the API's
 * handlers with {@code /api} cut off, so that the dashboard reaches exactly what the Unix socket serves. Every answer
 * leaves with the security headers, the API's included. Runs on the event loop only.
 */
final class DashboardGate extends ChannelDuplexHandler {
    static final String COOKIE = "berth_session";
    private static final int MAX_LOGIN_BODY = 8 << 10;
    /** Served on the Unix socket only: it hands out the token. */
    private static final Pattern SOCKET_ONLY = Pattern.compile("^(/v[0-9]+\\.[0-9]+)?/berth/dashboard/?$");

    private enum Body { FORWARD, DISCARD, LOGIN }

    private final DashboardAccess access;
    private final OriginPolicy origins;
    private final StaticAssets assets;
    private final WebSocketOpener sockets;
    private Body body = Body.DISCARD;
    private HttpRequest loginRequest;
    private ByteBuf loginBody;

    DashboardGate(DashboardAccess access, OriginPolicy origins, StaticAssets assets, WebSocketOpener sockets) {
        this.access = access;
        this.origins = origins;
        this.assets = assets;
        this.sockets = sockets;
    }

    /** Opens a WebSocket for an allowed request to {@code /ws/...}; the gate leaves the pipeline after it. */
    interface WebSocketOpener {
        /** True when {@code path} names a WebSocket endpoint and it was opened (or refused on the socket itself). */
        boolean open(ChannelHandlerContext ctx, HttpRequest request, String path);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            if (body == Body.LOGIN) releaseLogin();
            body = Body.DISCARD;
            decide(ctx, request);
            if (!(msg instanceof HttpContent full)) return;
            // a whole request in one message (not what the codec makes, but allowed): its body follows as content
            msg = new DefaultLastHttpContent(full.content());
        }
        if (msg instanceof HttpContent content) {
            switch (body) {
                case FORWARD -> ctx.fireChannelRead(content);
                case DISCARD -> content.release();
                case LOGIN -> {
                    if (loginBody.readableBytes() + content.content().readableBytes() <= MAX_LOGIN_BODY) {
                        loginBody.writeBytes(content.content());
                    }
                    content.release();
                    if (content instanceof LastHttpContent) finishLogin(ctx);
                }
            }
            return;
        }
        ctx.fireChannelRead(msg); // the raw bytes of a hijacked connection
    }

    private void decide(ChannelHandlerContext ctx, HttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            answerJson(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", false);
            return;
        }
        HttpHeaders headers = request.headers();
        if (!origins.hostAllowed(headers.get(HttpHeaderNames.HOST))) {
            answerJson(ctx, request, HttpResponseStatus.FORBIDDEN, "this address does not serve the dashboard", false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        boolean api = path.equals("/api") || path.startsWith("/api/");
        boolean ws = path.startsWith("/ws/");
        boolean get = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        if (!origins.originAllowed(headers.get(HttpHeaderNames.ORIGIN), ws || (api && !get))) {
            answerJson(ctx, request, HttpResponseStatus.FORBIDDEN, "cross-origin request refused", true);
            return;
        }
        String session = sessionOf(headers);
        boolean loggedIn = access.sessionValid(session);
        if (request.method().equals(HttpMethod.POST) && path.equals("/login")) {
            body = Body.LOGIN;
            loginRequest = request;
            loginBody = ctx.alloc().buffer(256);
            return;
        }
        if (request.method().equals(HttpMethod.POST) && path.equals("/logout")) {
            access.endSession(session);
            FullHttpResponse response = empty(HttpResponseStatus.NO_CONTENT);
            response.headers().add(HttpHeaderNames.SET_COOKIE, COOKIE + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
            send(ctx, request, response);
            return;
        }
        if (api || ws) {
            if (!loggedIn) {
                answerJson(ctx, request, HttpResponseStatus.UNAUTHORIZED, "dashboard login required", true);
            } else if (api) {
                forward(ctx, request, path.substring("/api".length()), uri.rawQuery());
            } else if (!get || !sockets.open(ctx, request, path)) {
                answerJson(ctx, request, HttpResponseStatus.NOT_FOUND, "page not found", true);
            }
            return;
        }
        if (!get) {
            answerJson(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "the dashboard's pages are read with GET", true);
            return;
        }
        List<String> tokens = uri.parameters().get("token");
        if (tokens != null && !tokens.isEmpty()) {
            if (access.tokenMatches(tokens.getLast())) {
                // the token leaves the address bar (and the browser's history) at once
                FullHttpResponse response = empty(HttpResponseStatus.SEE_OTHER);
                response.headers().set(HttpHeaderNames.LOCATION, path);
                response.headers().add(HttpHeaderNames.SET_COOKIE, sessionCookie(access.openSession()));
                send(ctx, request, response);
            } else {
                serveLogin(ctx, request, HttpResponseStatus.UNAUTHORIZED);
            }
            return;
        }
        // the page's compiled code holds nothing secret: the login page needs it before there is a session
        if (!loggedIn && !path.startsWith("/assets/") && !path.equals("/login.html")) {
            serveLogin(ctx, request, HttpResponseStatus.OK);
            return;
        }
        String accept = headers.get(HttpHeaderNames.ACCEPT);
        Optional<StaticAssets.Asset> asset = assets.lookup(path, accept != null && accept.contains("text/html"));
        if (asset.isEmpty()) {
            answerJson(ctx, request, HttpResponseStatus.NOT_FOUND, "page not found", true);
            return;
        }
        serveAsset(ctx, request, asset.get(), HttpResponseStatus.OK);
    }

    static String sessionCookie(String id) {
        return COOKIE + "=" + id + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + DashboardAccess.SESSION_LIFETIME.toSeconds();
    }

    private static String sessionOf(HttpHeaders headers) {
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                if (cookie.name().equals(COOKIE)) return cookie.value();
            }
        }
        return null;
    }

    /** Hands the request, and then its body, to the API's handlers as if it had come in on the Unix socket. */
    private void forward(ChannelHandlerContext ctx, HttpRequest request, String rest, String rawQuery) {
        String stripped = rest.isEmpty() ? "/" : rest;
        if (SOCKET_ONLY.matcher(stripped).matches()) {
            answerJson(ctx, request, HttpResponseStatus.NOT_FOUND, "page not found", true);
            return;
        }
        String uri = rawQuery == null || rawQuery.isEmpty() ? stripped : stripped + "?" + rawQuery;
        HttpRequest inner = new DefaultHttpRequest(request.protocolVersion(), request.method(), uri, request.headers());
        body = Body.FORWARD;
        ctx.fireChannelRead(inner);
    }

    private void finishLogin(ChannelHandlerContext ctx) {
        HttpRequest request = loginRequest;
        String given = null;
        try {
            Map<?, ?> json = Json.mapper().readValue(loginBody.toString(StandardCharsets.UTF_8), Map.class);
            if (json != null && json.get("token") instanceof String t) given = t;
        } catch (IOException | RuntimeException e) {
            // not JSON: a wrong token like any other
        }
        releaseLogin();
        body = Body.DISCARD;
        if (!access.tokenMatches(given)) {
            answerJson(ctx, request, HttpResponseStatus.UNAUTHORIZED, "wrong token", true);
            return;
        }
        FullHttpResponse response = empty(HttpResponseStatus.NO_CONTENT);
        response.headers().add(HttpHeaderNames.SET_COOKIE, sessionCookie(access.openSession()));
        send(ctx, request, response);
    }

    private void releaseLogin() {
        if (loginBody != null) loginBody.release();
        loginBody = null;
        loginRequest = null;
    }

    private void serveLogin(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status) {
        Optional<StaticAssets.Asset> login = assets.file("login.html");
        if (login.isEmpty()) {
            answerJson(ctx, request, HttpResponseStatus.UNAUTHORIZED, "dashboard login required", true);
            return;
        }
        serveAsset(ctx, request, login.get(), status);
    }

    private void serveAsset(ChannelHandlerContext ctx, HttpRequest request, StaticAssets.Asset asset,
                            HttpResponseStatus status) {
        boolean gzip = asset.gzipped() != null && acceptsGzip(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        byte[] bytes = gzip ? asset.gzipped() : asset.bytes();
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, asset.contentType());
        h.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        // the login page stands in for whatever was asked: it must not be kept under that address
        h.set(HttpHeaderNames.CACHE_CONTROL, asset.path().equals("login.html") ? "no-store" : asset.cacheControl());
        if (asset.gzipped() != null) h.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        if (gzip) h.set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
        send(ctx, request, response);
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) return false;
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.strip().split(";");
            if (!fields[0].strip().equalsIgnoreCase("gzip")) continue;
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i].strip().replace(" ", "");
                if (f.equals("q=0") || f.matches("q=0\\.0*")) return false;
            }
            return true;
        }
        return false;
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    void answerJson(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String message,
                           boolean keepAlive) {
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(Map.of("message", message));
        } catch (IOException e) {
            json = "{}".getBytes(StandardCharsets.UTF_8);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, json.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (!keepAlive) HttpUtil.setKeepAlive(response, false);
        send(ctx, request, response);
    }

    private void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        SecurityHeaders.apply(response.headers(), origins);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && HttpUtil.isKeepAlive(response);
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelPromise promise = ctx.newPromise();
        if (!keepAlive) promise.addListener(ChannelFutureListener.CLOSE);
        ctx.writeAndFlush(response, promise);
    }

    /** Every answer, the API's included, carries the headers that keep the page from being framed or sniffed. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) SecurityHeaders.apply(response.headers(), origins);
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseLogin();
        ctx.fireChannelInactive();
    }
}
