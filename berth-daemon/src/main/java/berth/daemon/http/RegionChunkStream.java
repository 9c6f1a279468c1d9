package berth.daemon.http;

import berth.engine.layer.FileRegionOutput;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * A chunk stream that also sends parts of files as chunks of their own, written by the transport with sendfile: the
 * contents never enter the heap. Netty counts a region as zero bytes against the channel's write limits, so the
 * regions not yet sent are bounded here instead: each holds an open file. A region that fails (the client went
 * away, or the file turned out shorter than the region, which the transport checks) closes the connection, so that
 * the client sees a cut stream and not a whole one. Closing the stream waits until every region is sent or failed,
 * and so released: after it, no file of the stream is open.
 */
final class RegionChunkStream extends ChunkStream implements FileRegionOutput {
    /**
     * At most this many regions are handed to the channel and not yet sent; when there are, the writer waits until
     * half of them are, not for each one: every wait costs the event loop a wake-up of the writing thread.
     */
    static final int MAX_IN_FLIGHT = 8;
    /**
     * The socket's send buffer while files are sent: with the default (208 KiB) the event loop sends a megabyte of a
     * file in five or more rounds of sendfile and epoll, each woken by the client's reads; with this, in one or two.
     * The kernel charges it only for bytes queued and not yet read.
     */
    static final int SEND_BUFFER = 1 << 20;
    private boolean bufferRaised;
    private final ArrayDeque<ChannelFuture> inFlight = new ArrayDeque<>();

    RegionChunkStream(ChunkedBody body, int chunkSize) {
        super(body, chunkSize);
    }

    @Override
    public void sendFile(FileChannel file, long position, long count) throws IOException {
        if (count == 0) { // an empty chunk would end the body
            file.close();
            return;
        }
        FileRegion region = new DefaultFileRegion(file, position, count);
        try {
            if (inFlight.size() >= MAX_IN_FLIGHT) {
                // they complete in order: once the middle one has, so have those before it, and this thread woke once
                var oldest = inFlight.iterator();
                for (int i = 1; i < MAX_IN_FLIGHT / 2; i++) oldest.next();
                awaitDone(oldest.next());
                for (int i = 0; i < MAX_IN_FLIGHT / 2; i++) settle(inFlight.poll());
            }
            synchronized (body) {
                if (body.isClosed()) throw new IOException("response already ended");
                Channel channel = body.channel();
                if (!channel.isActive()) throw new IOException("client disconnected");
                ByteBuf pending = takePending();
                // the bytes before the region and the region leave in one flush
                if (pending != null) channel.write(new DefaultHttpContent(pending));
                if (!bufferRaised) {
                    bufferRaised = true;
                    channel.config().setOption(ChannelOption.SO_SNDBUF, SEND_BUFFER);
                }
                FileRegion handed = region;
                region = null; // the channel releases it (and closes the file) once sent or failed
                inFlight.add(channel.writeAndFlush(handed));
            }
        } finally {
            if (region != null) region.release();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            settleAll();
            super.close();
        }
    }

    private void settleAll() throws IOException {
        IOException failure = null;
        while (!inFlight.isEmpty()) {
            try {
                settle(inFlight.poll());
            } catch (IOException e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
    }

    /** Waits for one region; when it failed, closes the connection and waits for the others, released by the close. */
    private void settle(ChannelFuture sent) throws IOException {
        awaitDone(sent);
        if (!sent.isSuccess()) {
            abandon(sent.channel());
            Throwable cause = sent.cause();
            throw new IOException("sending a file failed: " + cause.getMessage(), cause);
        }
    }

    private void awaitDone(ChannelFuture sent) throws IOException {
        try {
            sent.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(sent.channel());
            throw new InterruptedIOException("interrupted while sending a file to the client");
        }
    }

    private void abandon(Channel channel) {
        channel.close().awaitUninterruptibly();
        while (!inFlight.isEmpty()) inFlight.poll().awaitUninterruptibly();
    }
}
