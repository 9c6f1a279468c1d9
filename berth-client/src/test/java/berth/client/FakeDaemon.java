package berth.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted daemon on a Unix socket: answers HEAD /_ping itself, hands every other request to the test's handler. */
final class FakeDaemon implements AutoCloseable {
    interface Handler {
        void handle(String requestHead, InputStream in, OutputStream out, SocketChannel channel) throws IOException;
    }

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final Path socket;

    FakeDaemon(Path dir, String apiVersion, Handler handler) throws IOException {
        socket = dir.resolve("fake.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel c = server.accept();
                    Thread.ofVirtual().start(() -> serve(c, apiVersion, handler));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    Host host() {
        return new Host.Unix(socket);
    }

    private void serve(SocketChannel c, String apiVersion, Handler handler) {
        try (c) {
            InputStream in = Channels.newInputStream(c);
            OutputStream out = Channels.newOutputStream(c);
            String head = head(in);
            requests.add(head.lines().findFirst().orElse(""));
            if (head.startsWith("HEAD /_ping")) {
                out.write(("HTTP/1.1 200 OK\r\nApi-Version: " + apiVersion + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                return;
            }
            handler.handle(head, in, out, c);
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int ch;
        while ((ch = in.read()) >= 0) {
            b.write(ch);
            if (b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) break;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    static void reply(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
