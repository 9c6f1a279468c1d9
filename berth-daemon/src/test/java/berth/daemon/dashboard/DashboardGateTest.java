package berth.daemon.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard's front door on one connection, with the API's handlers replaced by a recorder. */
class DashboardGateTest {
    private static final int PORT = 7380;
    private static final String HOST = "127.0.0.1:" + PORT;
    private static final String ORIGIN = "http://127.0.0.1:" + PORT;

    private final DashboardAccess access = DashboardAccess.create();
    private final List<String> forwarded = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new DashboardGate(access, new OriginPolicy(PORT), new StaticAssets(getClass().getClassLoader()),
                    (ctx, request, path) -> false),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof HttpRequest r) forwarded.add(r.method() + " " + r.uri());
                    ReferenceCountUtil.release(msg);
                }
            });

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private FullHttpResponse send(HttpMethod method, String uri, String body, String... headers) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set("Host", HOST);
        for (int i = 0; i + 1 < headers.length; i += 2) request.headers().set(headers[i], headers[i + 1]);
        channel.writeInbound(request);
        return channel.readOutbound();
    }

    private FullHttpResponse get(String uri, String... headers) {
        return send(HttpMethod.GET, uri, "", headers);
    }

    private static String body(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    private String session() {
        return "berth_session=" + access.openSession();
    }

    @Test
    void withoutASessionTheApiIs401() {
        FullHttpResponse r = get("/api/v1.50/containers/json");
        assertThat(r.status().code()).isEqualTo(401);
        assertThat(body(r)).isEqualTo("{\"message\":\"dashboard login required\"}");
        assertThat(forwarded).isEmpty();
    }

    @Test
    void withoutASessionAPageIsTheLoginPage() {
        FullHttpResponse r = get("/containers/abc");
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.headers().get("Cache-Control")).isEqualTo("no-store");
        assertThat(body(r)).contains("Berth login");
    }

    @Test
    void theTokenInTheAddressLogsInAndLeavesTheAddress() {
        FullHttpResponse r = get("/?token=" + access.token());
        assertThat(r.status().code()).isEqualTo(303);
        assertThat(r.headers().get("Location")).isEqualTo("/");
        String cookie = r.headers().get("Set-Cookie");
        r.release();
        assertThat(cookie).matches("berth_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200");
        assertThat(access.sessionValid(cookie.substring("berth_session=".length(), cookie.indexOf(';')))).isTrue();
    }

    @Test
    void aWrongTokenInTheAddressGetsTheLoginPageAndNoCookie() {
        FullHttpResponse r = get("/?token=nope");
        assertThat(r.status().code()).isEqualTo(401);
        assertThat(r.headers().contains("Set-Cookie")).isFalse();
        r.release();
    }

    @Test
    void loginByPostChecksTheToken() {
        FullHttpResponse wrong = send(HttpMethod.POST, "/login", "{\"token\":\"nope\"}");
        assertThat(wrong.status().code()).isEqualTo(401);
        assertThat(body(wrong)).isEqualTo("{\"message\":\"wrong token\"}");
        FullHttpResponse right = send(HttpMethod.POST, "/login", "{\"token\":\"" + access.token() + "\"}");
        assertThat(right.status().code()).isEqualTo(204);
        assertThat(right.headers().get("Set-Cookie")).startsWith("berth_session=");
        right.release();
    }

    @Test
    void withASessionTheApiIsHandedOnWithoutItsPrefix() {
        String cookie = session();
        assertThat(channel.<Object>readOutbound()).isNull();
        get("/api/v1.50/containers/json?all=1", "Cookie", cookie);
        assertThat(forwarded).containsExactly("GET /v1.50/containers/json?all=1");
    }

    @Test
    void theTokenEndpointIsNotHandedOn() {
        FullHttpResponse r = get("/api/v1.50/berth/dashboard", "Cookie", session());
        assertThat(r.status().code()).isEqualTo(404);
        r.release();
        assertThat(forwarded).isEmpty();
    }

    @Test
    void aForeignHostIsRefused() {
        FullHttpResponse r = get("/api/v1.50/containers/json", "Cookie", session(), "Host", "evil.example:7380");
        assertThat(r.status().code()).isEqualTo(403);
        r.release();
        assertThat(forwarded).isEmpty();
    }

    @Test
    void aForeignOriginIsRefused() {
        FullHttpResponse r = get("/api/v1.50/containers/json", "Cookie", session(), "Origin", "http://evil.example");
        assertThat(r.status().code()).isEqualTo(403);
        assertThat(body(r)).isEqualTo("{\"message\":\"cross-origin request refused\"}");
    }

    @Test
    void aChangeThroughTheApiMustNameItsOrigin() {
        String cookie = session();
        FullHttpResponse r = send(HttpMethod.POST, "/api/v1.50/containers/x/stop", "", "Cookie", cookie);
        assertThat(r.status().code()).isEqualTo(403);
        r.release();
        send(HttpMethod.POST, "/api/v1.50/containers/x/stop", "", "Cookie", cookie, "Origin", ORIGIN);
        assertThat(forwarded).containsExactly("POST /v1.50/containers/x/stop");
    }

    @Test
    void aPageRouteGetsIndexHtmlThatIsAlwaysRevalidated() {
        FullHttpResponse r = get("/containers/abc", "Cookie", session());
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.headers().get("Cache-Control")).isEqualTo("no-cache");
        assertThat(r.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(body(r)).contains("<div id=\"app\">");
    }

    @Test
    void aPageWhoseNameHasADotIsIndexHtmlForABrowserNavigation() {
        String cookie = session();
        FullHttpResponse page = get("/images/busybox:1.36", "Cookie", cookie, "Accept", "text/html,application/xhtml+xml");
        assertThat(page.status().code()).isEqualTo(200);
        assertThat(body(page)).contains("<div id=\"app\">");
        FullHttpResponse script = get("/images/busybox:1.36", "Cookie", cookie, "Accept", "*/*");
        assertThat(script.status().code()).isEqualTo(404);
        script.release();
    }

    @Test
    void hashedAssetsAreCachedForeverAndServedGzippedWhenAccepted() {
        String cookie = session();
        FullHttpResponse plain = get("/assets/app-1a2b3c.js", "Cookie", cookie);
        assertThat(plain.headers().get("Cache-Control")).isEqualTo("max-age=31536000, immutable");
        assertThat(plain.headers().contains("Content-Encoding")).isFalse();
        assertThat(body(plain)).contains("dashboard");
        FullHttpResponse gz = get("/assets/app-1a2b3c.js", "Cookie", cookie, "Accept-Encoding", "gzip, deflate, br");
        assertThat(gz.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(gz.headers().get("Vary")).isEqualToIgnoringCase("Accept-Encoding");
        assertThat(gz.content().getByte(0)).isEqualTo((byte) 0x1f);
        gz.release();
    }

    @Test
    void aMissingFileWithAnExtensionIs404AndPathsCannotLeaveTheRoot() {
        String cookie = session();
        FullHttpResponse missing = get("/assets/nothing.js", "Cookie", cookie);
        assertThat(missing.status().code()).isEqualTo(404);
        missing.release();
        FullHttpResponse escape = get("/assets/../../berth/daemon/Daemon.class", "Cookie", cookie);
        assertThat(escape.status().code()).isEqualTo(404);
        escape.release();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        FullHttpResponse r = get("/");
        assertThat(r.headers().get("Content-Security-Policy")).startsWith("default-src 'self'");
        assertThat(r.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.headers().get("Referrer-Policy")).isEqualTo("no-referrer");
        r.release();
    }

    @Test
    void logoutEndsTheSession() {
        String cookie = session();
        FullHttpResponse r = send(HttpMethod.POST, "/logout", "", "Cookie", cookie, "Origin", ORIGIN);
        assertThat(r.status().code()).isEqualTo(204);
        r.release();
        assertThat(access.sessionValid(cookie.substring("berth_session=".length()))).isFalse();
    }
}
