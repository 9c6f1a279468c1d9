package berth.client;

import berth.api.UnixSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One socket. Reads and writes go to the channel directly (not through Channels.newInputStream, whose streams share
 * a lock and would block each other on a hijacked, two-way connection).
 */
final class Connection implements AutoCloseable {
    private final SocketChannel channel;
    final InputStream in;
    final OutputStream out;

    private Connection(SocketChannel channel) {
        this.channel = channel;
        this.in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                int n = read(b, 0, 1);
                return n < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                return channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) channel.write(buf);
            }
        };
    }

    static Connection open(Host host) throws IOException {
        // instanceof, not a pattern switch: that bootstraps through the class-file API at run time, a cost every CLI
        // start would pay
        SocketChannel ch;
        if (host instanceof Host.Unix u) {
            ch = UnixSockets.open();
            ch.connect(UnixDomainSocketAddress.of(u.path()));
        } else {
            Host.Tcp t = (Host.Tcp) host;
            ch = SocketChannel.open(new InetSocketAddress(t.host(), t.port()));
        }
        return new Connection(ch);
    }

    void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing
        }
    }
}
