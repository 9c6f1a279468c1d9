package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * berthd's web dashboard from outside: its token, cookie, Host and Origin rules, the Engine API under /api, the
 * terminal WebSocket, and Berth's own endpoints the page reads (stats history, image layers).
 */
class DashboardServerIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withDashboard();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static String base;
    private static String token;
    private static String sleeper;

    private final Docker docker = harness.docker();

    @BeforeAll
    static void dashboard() {
        Harness.assumeBerthd();
        String url = harness.berth().ok("dashboard").out().strip();
        base = "http://127.0.0.1:" + harness.dashboardPort();
        assertThat(url).startsWith(base + "/?token=");
        token = url.substring(url.indexOf("token=") + "token=".length());
        // running from the start, so that its stats history has samples by the time a test reads it
        sleeper = harness.name("dash-sleeper");
        harness.docker().ok("run", "-d", "--name", sleeper, "busybox", "sleep", "600");
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A fresh session's cookie ({@code berth_session=...}), by the token in the address as a browser logs in. */
    private static String login() throws Exception {
        HttpResponse<String> r = get("/?token=" + token);
        assertThat(r.statusCode()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String origin() {
        return base;
    }

    @Test
    void withoutALoginTheApiIs401AndPagesAreTheLoginPage() throws Exception {
        HttpResponse<String> api = get("/api/v1.50/containers/json");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).contains("dashboard login required");
        HttpResponse<String> page = get("/");
        try (InputStream login = DashboardServerIT.class.getClassLoader().getResourceAsStream("berth/dashboard/login.html")) {
            if (login != null) {
                // the page module is on the class path: its login page is what a visitor without a session gets
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).isEqualTo(new String(login.readAllBytes(), StandardCharsets.UTF_8));
            } else {
                assertThat(page.statusCode()).isEqualTo(401);
                assertThat(page.body()).contains("dashboard login required");
            }
        }
        assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        HttpResponse<String> byPost = post("/login", "{\"token\":\"" + token.substring(1) + "x\"}");
        assertThat(byPost.statusCode()).isEqualTo(401);
        assertThat(byPost.body()).contains("wrong token");
        assertThat(byPost.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> byAddress = get("/?token=" + token + "x");
        assertThat(byAddress.statusCode()).isEqualTo(401);
        assertThat(byAddress.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void theRightTokenGivesASessionCookieThatOpensTheApi() throws Exception {
        HttpResponse<String> r = post("/login", "{\"token\":\"" + token + "\"}", "Origin", origin());
        assertThat(r.statusCode()).isEqualTo(204);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("berth_session=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").contains("Max-Age=43200").doesNotContain(token);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> list = get("/api/v1.50/containers/json", "Cookie", cookie);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(sleeper);
        assertThat(list.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
        assertThat(list.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void aLoggedOutSessionNoLongerOpensTheApi() throws Exception {
        String cookie = login();
        assertThat(post("/logout", "", "Cookie", cookie, "Origin", origin()).statusCode()).isEqualTo(204);
        assertThat(get("/api/v1.50/containers/json", "Cookie", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void theTokenEndpointIsNotServedOnTheDashboard() throws Exception {
        assertThat(get("/api/berth/dashboard", "Cookie", login()).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1.50/berth/dashboard", "Cookie", login()).statusCode()).isEqualTo(404);
    }

    @Test
    void aForeignOriginIsRefusedOverHttpAndWebSocket() throws Exception {
        String cookie = login();
        HttpResponse<String> r = get("/api/v1.50/containers/json", "Cookie", cookie, "Origin", "http://evil.example");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("cross-origin request refused");
        // a request that changes something must name the dashboard as its origin
        assertThat(post("/api/v1.50/containers/" + sleeper + "/pause", "", "Cookie", cookie).statusCode()).isEqualTo(403);
        String exec = createExec(cookie);
        CompletionException refused = org.assertj.core.api.Assertions.catchThrowableOfType(CompletionException.class,
                () -> HTTP.newWebSocketBuilder().header("Cookie", cookie).header("Origin", "http://evil.example")
                        .buildAsync(URI.create(base.replace("http:", "ws:") + "/ws/exec/" + exec), new Terminal()).join());
        assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(403);
        assertThat(docker.inspect("{{.State.Paused}}", sleeper)).isEqualTo("false");
    }

    @Test
    void aForeignHostIsRefused() throws Exception {
        String cookie = login();
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), harness.dashboardPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/v1.50/containers/json HTTP/1.1\r\nHost: rebound.example:" + harness.dashboardPort()
                    + "\r\nCookie: " + cookie + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void theTokenNeverAppearsInTheDaemonsLog() throws Exception {
        login();
        post("/login", "{\"token\":\"" + token + "\"}");
        get("/api/v1.50/version?token=" + token, "Cookie", login());
        String log = Files.readString(harness.berthd().logFile());
        assertThat(log).contains("dashboard listening").doesNotContain(token);
    }

    private String createExec(String cookie) throws Exception {
        HttpResponse<String> r = post("/api/v1.50/containers/" + sleeper + "/exec",
                "{\"Cmd\":[\"sh\"],\"Tty\":true,\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true}",
                "Cookie", cookie, "Origin", origin());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("Id").asText();
    }

    /** A terminal page's socket: what it received so far, as text. */
    private static final class Terminal implements WebSocket.Listener {
        final StringBuffer screen = new StringBuffer();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            screen.append(new String(b, StandardCharsets.UTF_8));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            screen.append("\n[control ").append(data).append("]\n");
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        void await(String text) {
            Poll.until(Duration.ofSeconds(20)).check(() -> screen.toString().contains(text),
                    () -> "terminal never showed " + text + ":\n" + screen);
        }
    }

    private WebSocket open(String cookie, String path, Terminal terminal) {
        return HTTP.newWebSocketBuilder().header("Cookie", cookie).header("Origin", origin())
                .buildAsync(URI.create(base.replace("http:", "ws:") + path), terminal).join();
    }

    private static void type(WebSocket ws, String line) {
        ws.sendBinary(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)), true).join();
    }

    @Test
    void aTerminalRunsCommandsResizesAndSurvivesAReconnect() throws Exception {
        String cookie = login();
        String exec = createExec(cookie);
        Terminal first = new Terminal();
        WebSocket ws = open(cookie, "/ws/exec/" + exec, first);
        type(ws, "echo h''i");
        first.await("\r\nhi\r\n");
        ws.sendText("{\"type\":\"resize\",\"cols\":101,\"rows\":33}", true).join();
        // the resize is applied on its own thread: ask until the terminal reports it
        Poll.until(Duration.ofSeconds(20)).check(() -> {
            type(ws, "stty size");
            Poll.sleep(200);
            return first.screen.toString().contains("33 101");
        }, () -> "stty never showed 33 101:\n" + first.screen);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        first.closed.get(20, TimeUnit.SECONDS);

        Terminal again = new Terminal();
        WebSocket reopened = open(cookie, "/ws/exec/" + exec, again);
        again.await("33 101"); // replayed from before the reconnect
        type(reopened, "echo sec''ond");
        again.await("\r\nsecond\r\n");
        type(reopened, "exit 7");
        again.await("[control {\"type\":\"exit\",\"code\":7}]");
        again.closed.get(20, TimeUnit.SECONDS);
    }

    @Test
    void theStatsHistoryFillsWithoutAnyoneAsking() throws Exception {
        String cookie = login();
        Poll.until(Duration.ofSeconds(30)).check(() -> samples(cookie).size() >= 1,
                () -> "the history of " + sleeper + " stayed empty");
        JsonNode history = JSON.readTree(get("/api/v1.50/containers/" + sleeper + "/stats/history", "Cookie", cookie).body());
        assertThat(history.path("Interval").asInt()).isEqualTo(5);
        JsonNode sample = history.path("Samples").get(0);
        assertThat(sample.path("MemoryBytes").asLong()).isPositive();
        assertThat(sample.path("MemoryLimit").asLong()).isPositive();
        assertThat(sample.has("CPUPercent")).isTrue();
        String id = docker.inspect("{{.Id}}", sleeper);
        JsonNode latest = JSON.readTree(get("/api/v1.50/berth/stats", "Cookie", cookie).body());
        assertThat(latest.path(id).path("Time").asLong()).isPositive();
    }

    private JsonNode samples(String cookie) {
        try {
            return JSON.readTree(get("/api/v1.50/containers/" + sleeper + "/stats/history", "Cookie", cookie).body())
                    .path("Samples");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theLayersOfACommittedContainerShowItsAddedAndDeletedFiles() throws Exception {
        String name = harness.name("dash-layers");
        docker.ok("run", "--name", name, "busybox", "sh", "-c", "echo x > /added.txt && rm /bin/ls");
        String image = harness.track("dash-layers-" + name + ":1");
        docker.ok("commit", name, image);
        docker.ok("rm", name);
        HttpResponse<String> r = get("/api/v1.50/images/" + image + "/layers", "Cookie", login());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode layers = JSON.readTree(r.body());
        JsonNode top = layers.get(layers.size() - 1);
        assertThat(top.path("DiffID").asText()).startsWith("sha256:");
        assertThat(top.path("Changes").toString()).contains("{\"Path\":\"/added.txt\",\"Kind\":1}")
                .contains("{\"Path\":\"/bin/ls\",\"Kind\":2}");
        assertThat(layers.get(0).path("Changes").toString()).contains("{\"Path\":\"/bin/ls\",\"Kind\":1}");
    }
}
