package berth.client;

import berth.api.ApiVersion;
import berth.api.Json;
import berth.api.errors.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Engine API client. One connection per request (hijacked attach needs its own anyway); the API version is
 * negotiated once through HEAD /_ping: the lower of the daemon's and {@link ApiVersion#CURRENT}.
 */
public final class EngineClient {
    private final Host host;
    private String version;

    public EngineClient(Host host) {
        this.host = host;
    }

    public Host host() {
        return host;
    }

    /** Pings the daemon; false if nothing answers on the socket. */
    public boolean ping() {
        try (Connection c = Connection.open(host)) {
            write(c, "HEAD", "/_ping", Map.of(), null);
            Response r = Response.read(c, "HEAD");
            String v = r.header("Api-Version");
            if (v != null && version == null) version = negotiate(v);
            return r.status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static String negotiate(String server) {
        try {
            ApiVersion s = ApiVersion.parse(server);
            return (s.compareTo(ApiVersion.CURRENT) < 0 ? s : ApiVersion.CURRENT).toString();
        } catch (IllegalArgumentException e) {
            return ApiVersion.CURRENT.toString();
        }
    }

    /** The negotiated API version ("1.50", or the daemon's if lower); pings the daemon the first time. */
    public String apiVersion() throws IOException {
        return versionPrefix().substring(2);
    }

    private String versionPrefix() throws IOException {
        if (version == null && !ping()) {
            throw new UnavailableException("Cannot connect to the Docker daemon at " + host + ". Is the docker daemon running?");
        }
        return "/v" + version;
    }

    /** Query string builder that skips null values and repeats lists. */
    public static String query(Map<String, ?> params) {
        StringBuilder sb = new StringBuilder();
        for (var e : params.entrySet()) {
            if (e.getValue() == null) continue;
            List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
            for (Object v : values) {
                sb.append(sb.isEmpty() ? '?' : '&').append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    public static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Sends a request; the response is not checked for errors (call {@link Response#check()}). */
    public Response send(String method, String path, Map<String, String> headers, Object body) throws IOException {
        String full = versionPrefix() + path;
        Connection c;
        try {
            c = Connection.open(host);
        } catch (IOException e) {
            throw new UnavailableException("Cannot connect to the Docker daemon at " + host + ". Is the docker daemon running?");
        }
        try {
            write(c, method, full, headers, body);
            return Response.read(c, method);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public Response call(String method, String path, Object jsonBody) throws IOException {
        return send(method, path, Map.of(), jsonBody).check();
    }

    /**
     * POST with Connection: Upgrade; after the 101 the socket is raw both ways. An error answer is reported by its
     * status alone, as the docker CLI's client does ({@link UpgradeRefused}).
     */
    public Hijacked hijack(String path, Object jsonBody) throws IOException {
        Response r = send("POST", path, Map.of("Connection", "Upgrade", "Upgrade", "tcp"), jsonBody);
        if (r.status() >= 400) {
            r.close();
            throw new UpgradeRefused(r.status());
        }
        return new Hijacked(r.connection(), r.body(), r.status() == 101);
    }

    /** The daemon answered an attach or exec start with an error instead of switching protocols. */
    public static final class UpgradeRefused extends IOException {
        public UpgradeRefused(int status) {
            super("unable to upgrade to tcp, received " + status);
        }
    }

    private static void write(Connection c, String method, String path, Map<String, String> headers, Object body)
            throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: api.moby.localhost\r\nUser-Agent: Berth-Client/0.1.0 (linux)\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        OutputStream out = c.out;
        if (body instanceof InputStream || body instanceof BodyWriter) {
            head.append("Content-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            ChunkedOutputStream chunked = new ChunkedOutputStream(out);
            if (body instanceof InputStream stream) stream.transferTo(chunked);
            else ((BodyWriter) body).writeTo(chunked);
            chunked.finish();
            return;
        }
        byte[] bytes = body == null ? new byte[0] : json(body);
        if (body != null) head.append("Content-Type: application/json\r\n");
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + bytes.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(bytes, 0, all, h.length, bytes.length);
        out.write(all);
    }

    /**
     * A request body produced by writing rather than read from a stream: the caller's own thread writes it straight
     * into the connection (a build context's tar), with no pipe and no second thread between them.
     */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** HTTP/1.1 chunked encoding over the connection, one chunk per 64 KB filled (or per flush). */
    private static final class ChunkedOutputStream extends OutputStream {
        private final OutputStream out;
        private final byte[] buf = new byte[64 * 1024 + 16];
        private static final int HEAD = 8; // room for up to 6 hex digits and CRLF before the data
        private int n;

        ChunkedOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length - HEAD - 2) flush();
            buf[HEAD + n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int room = buf.length - HEAD - 2 - n;
                int k = Math.min(room, len);
                System.arraycopy(b, off, buf, HEAD + n, k);
                n += k;
                off += k;
                len -= k;
                if (n == buf.length - HEAD - 2) flush();
            }
        }

        /** Sends what is buffered as one chunk: size line, data and CRLF in a single write. */
        @Override
        public void flush() throws IOException {
            if (n == 0) return;
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            int start = HEAD - size.length;
            System.arraycopy(size, 0, buf, start, size.length);
            buf[HEAD + n] = '\r';
            buf[HEAD + n + 1] = '\n';
            out.write(buf, start, size.length + n + 2);
            n = 0;
        }

        void finish() throws IOException {
            flush();
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }

        @Override
        public void close() {
            // the request goes on: finish() ends the body, the connection stays for the response
        }
    }

    /** Maps and lists (the CLI's bodies) without Jackson, whose set-up would dominate a CLI start; records with it. */
    private static byte[] json(Object body) throws IOException {
        if (body instanceof Map || body instanceof java.util.Collection) {
            return JsonWriter.write(body).getBytes(StandardCharsets.UTF_8);
        }
        return Json.mapper().writeValueAsBytes(body);
    }

    /** A hijacked connection: raw output from {@link #output()}, stdin through {@link #input()}. */
    public record Hijacked(Connection connection, InputStream output, boolean upgraded) implements AutoCloseable {
        public OutputStream input() {
            return connection.out;
        }

        /** End of stdin for the container; output keeps flowing. */
        public void closeInput() {
            connection.shutdownOutput();
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
