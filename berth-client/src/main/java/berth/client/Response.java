package berth.client;

import berth.api.Json;
import berth.api.errors.EngineException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP response whose body is read as a stream (Content-Length, chunked, or to the end); closes its connection. */
public final class Response implements AutoCloseable {
    private final Connection connection;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;

    private Response(Connection connection, int status, Map<String, String> headers, InputStream body) {
        this.connection = connection;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    static Response read(Connection c, String method) throws IOException {
        BufferedInputStream in = new BufferedInputStream(c.in, 16 * 1024);
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/")) throw new IOException("malformed response: " + statusLine);
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String l;
        while ((l = line(in)) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            if (colon > 0) headers.put(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
        }
        InputStream body;
        String length = headers.get("Content-Length");
        if (status == 101 || method.equals("HEAD") || status == 204 || status == 304) {
            body = status == 101 ? in : InputStream.nullInputStream();
        } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", ""))) {
            body = new ChunkedInputStream(in);
        } else if (length != null) {
            body = new BoundedInputStream(in, Long.parseLong(length));
        } else {
            body = in;
        }
        return new Response(c, status, headers, body);
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int ch;
        while ((ch = in.read()) >= 0) {
            if (ch == '\n') break;
            b.write(ch);
        }
        if (ch < 0 && b.size() == 0) return null;
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public InputStream body() {
        return body;
    }

    Connection connection() {
        return connection;
    }

    /** Throws the error kind of a 4xx/5xx answer, with the daemon's message. */
    public Response check() throws IOException {
        if (status < 400) return this;
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        String message = text;
        try {
            Object n = JsonReader.parse(text);
            if (n instanceof java.util.Map<?, ?> m && m.containsKey("message")) message = JsonPath.text(m.get("message"));
        } catch (IllegalArgumentException e) {
            // plain text body
        }
        close();
        throw EngineException.fromStatus(status, message.strip());
    }

    public JsonNode json() throws IOException {
        try (this) {
            return Json.mapper().readTree(body);
        }
    }

    /** The body as plain Java values ({@link JsonReader}), without Jackson. */
    public Object value() throws IOException {
        return JsonReader.parse(text());
    }

    public <T> T as(Class<T> type) throws IOException {
        try (this) {
            return Json.mapper().readValue(body, type);
        }
    }

    public String text() throws IOException {
        try (this) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int b = in.read();
            if (b >= 0) left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }
    }

    private static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) return -1;
            if (len == 0) return 0;
            if (left == 0) {
                String size = line(in);
                if (size != null && size.isEmpty()) size = line(in);
                // the daemon cuts a stream it cannot finish (a file that shrank while a cp sent it, a daemon going
                // down): only the last chunk makes it whole, as Go's client says with "unexpected EOF"
                if (size == null) throw new java.io.EOFException("unexpected EOF");
                int semi = size.indexOf(';');
                left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new java.io.EOFException("unexpected EOF");
            left -= n;
            if (left == 0) line(in);
            return n;
        }
    }
}
