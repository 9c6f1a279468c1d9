package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.ContainerPathStat;
import berth.api.model.FilesystemChange;
import berth.daemon.config.Host;
import berth.daemon.route.ContainerFilesystemRoutes;
import berth.daemon.route.Router;
import berth.engine.container.ContainerFilesystem;
import berth.engine.layer.FileRegionOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export and archive responses over the real epoll server on a Unix socket: files handed to the body as regions
 * (sent with sendfile) arrive in place, a file shorter than its region or a tar that fails half-way cuts the
 * connection instead of ending the response, and no file stays open once the route is done, whatever the client did.
 */
class FileRegionResponseTest {
    @TempDir
    Path dir;
    private ApiServer server;
    private Path socket;
    private Path file;
    private byte[] content;
    /** What the route writes into the export's body. */
    private volatile Writer writer;
    /** Every file the route handed to the body. */
    private final List<FileChannel> opened = new CopyOnWriteArrayList<>();
    /** Completes when the route closes the export, with whether each file it opened was closed by then. */
    private final CompletableFuture<List<Boolean>> released = new CompletableFuture<>();

    interface Writer {
        void write(OutputStream body) throws IOException;
    }

    @BeforeEach
    void start() throws Exception {
        content = new byte[1 << 20];
        new Random(7).nextBytes(content);
        file = Files.write(dir.resolve("content"), content);
        socket = dir.resolve("berth.sock");
        Router router = new Router(new ContainerFilesystemRoutes(new ExportOnly()).routes());
        server = ApiServer.start(List.of(new Host.Unix(socket)), berth.daemon.config.Tls.OFF, router);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private FileChannel open() throws IOException {
        FileChannel channel = FileChannel.open(file);
        opened.add(channel);
        return channel;
    }

    private static FileRegionOutput regions(OutputStream body) {
        assertThat(body).isInstanceOf(FileRegionOutput.class);
        return (FileRegionOutput) body;
    }

    /** The whole answer to an export, read to the end of the connection; null body when it was cut short. */
    private RawResponse export() throws IOException {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(socket));
            client.write(ByteBuffer.wrap(("GET /v1.41/containers/x/export HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            byte[] raw = Channels.newInputStream(client).readAllBytes();
            return RawResponse.parse(new String(raw, StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void regionsArriveInPlaceBetweenTheBytes() throws Exception {
        writer = body -> {
            body.write("head".getBytes(StandardCharsets.US_ASCII));
            regions(body).sendFile(open(), 0, content.length);
            body.write("middle".getBytes(StandardCharsets.US_ASCII));
            regions(body).sendFile(open(), 100, 5000);
            body.write("tail".getBytes(StandardCharsets.US_ASCII));
        };
        RawResponse response = export();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("head".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(content);
        expected.writeBytes("middle".getBytes(StandardCharsets.US_ASCII));
        expected.write(content, 100, 5000);
        expected.writeBytes("tail".getBytes(StandardCharsets.US_ASCII));
        assertThat(response).isNotNull();
        assertThat(response.status()).isEqualTo(200);
        assertThat(bytes(response.body())).isEqualTo(expected.toByteArray());
        assertThat(released.get(20, TimeUnit.SECONDS)).containsExactly(true, true);
    }

    @Test
    void fileShorterThanItsRegionCutsTheConnection() throws Exception {
        writer = body -> {
            body.write("head".getBytes(StandardCharsets.US_ASCII));
            regions(body).sendFile(open(), 0, content.length + 4096L);
        };
        assertThat(export()).as("a response that was not cut").isNull();
        assertThat(released.get(20, TimeUnit.SECONDS)).containsExactly(true);
    }

    @Test
    void tarThatFailsHalfWayCutsTheConnection() throws Exception {
        writer = body -> {
            body.write("part of a tar".getBytes(StandardCharsets.US_ASCII));
            throw new IOException("a file could not be read");
        };
        assertThat(export()).as("a response that was not cut").isNull();
    }

    @Test
    void clientThatGoesAwayLeavesNoFileOpen() throws Exception {
        writer = body -> {
            for (int i = 0; i < 50; i++) regions(body).sendFile(open(), 0, content.length);
        };
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(socket));
            client.write(ByteBuffer.wrap("GET /containers/x/export HTTP/1.1\r\nHost: berth\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1)));
            InputStream in = Channels.newInputStream(client);
            assertThat(in.readNBytes(64 * 1024)).hasSize(64 * 1024);
        }
        assertThat(released.get(20, TimeUnit.SECONDS)).containsOnly(true);
    }

    @Test
    void onlyAFewFilesAreOpenAtOnce() throws Exception {
        int[] mostOpen = {0};
        writer = body -> {
            for (int i = 0; i < 40; i++) {
                regions(body).sendFile(open(), 0, content.length);
                mostOpen[0] = Math.max(mostOpen[0], (int) opened.stream().filter(FileChannel::isOpen).count());
            }
        };
        RawResponse response = export();
        assertThat(response).isNotNull();
        assertThat(response.body()).hasSize(40 * content.length);
        assertThat(released.get(20, TimeUnit.SECONDS)).hasSize(40).containsOnly(true);
        assertThat(mostOpen[0]).isLessThanOrEqualTo(RegionChunkStream.MAX_IN_FLIGHT);
    }

    /** A filesystem service that only exports, writing what the test's writer writes. */
    private final class ExportOnly implements ContainerFilesystem {
        @Override
        public TarStream export(String nameOrId) {
            return new TarStream() {
                @Override
                public void writeTo(OutputStream out) throws IOException {
                    writer.write(out);
                }

                @Override
                public void close() {
                    released.complete(opened.stream().map(f -> !f.isOpen()).toList());
                }
            };
        }

        @Override
        public List<FilesystemChange> changes(String nameOrId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ContainerPathStat stat(String nameOrId, String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PathArchive archive(String nameOrId, String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void extract(String nameOrId, String path, InputStream tar, boolean noOverwriteDirNonDir,
                            boolean copyUidGid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String commit(CommitOptions options) {
            throw new UnsupportedOperationException();
        }
    }
}
