package berth.daemon.http;

import berth.daemon.route.RawConnection;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;

/** A connection taken over after 101 UPGRADED (or a 200 for clients that do not upgrade): raw bytes both ways. */
final class HijackedConnection implements RawConnection {
    private final NettyResponse response;
    private final BodyStream input;
    private volatile boolean closed;

    HijackedConnection(NettyResponse response, BodyStream input) {
        this.response = response;
        this.input = input;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (closed) throw new IOException("connection closed");
        if (length == 0) return;
        Outbound.write(response.channel(), Unpooled.copiedBuffer(data, offset, length));
    }

    @Override
    public boolean isOpen() {
        return !closed && response.channel().isActive();
    }

    /**
     * Ends the stream once everything written has been flushed: the client sees EOF on its output. What the client
     * still sends is dropped from here on (see {@link RequestDispatcher#hijackedOutputEnded}).
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        input.close();
        response.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> {
            if (flushed.isSuccess()) response.dispatcher().hijackedOutputEnded();
            else response.channel().close();
        });
        response.complete();
    }
}
