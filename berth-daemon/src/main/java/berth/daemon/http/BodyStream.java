package berth.daemon.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes from the client as an InputStream: a request body, or stdin of a hijacked connection. The event loop
 * offers buffers, the request's virtual thread reads them. Reading from the socket pauses (autoRead off) while more
 * than {@link #HIGH_WATER} bytes wait, so a large upload is never held in memory.
 */
final class BodyStream extends InputStream {
    static final int HIGH_WATER = 1 << 20;
    static final int LOW_WATER = 256 << 10;
    /** Bytes that wake a waiting reader at once, without waiting for {@link #flush}. */
    static final int WAKE = 64 << 10;

    private final Channel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long queued;
    private boolean ended;
    private boolean discarding;
    private boolean paused;
    private boolean inputShut;
    /** The reader waits for bytes: only then does it need waking (a wake-up costs system calls on both sides). */
    private boolean waiting;
    private String failure;

    BodyStream(Channel channel) {
        this.channel = channel;
    }

    /** Called on the event loop; takes ownership of {@code buf}. */
    void offer(ByteBuf buf) {
        lock.lock();
        try {
            if (discarding || ended || !buf.isReadable()) {
                buf.release();
                return;
            }
            queue.add(buf);
            queued += buf.readableBytes();
            if (queued > HIGH_WATER && !paused) {
                paused = true;
                channel.config().setAutoRead(false);
            }
            if (waiting && queued >= WAKE) changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The end of what one read from the socket gave: wakes the reader if it waits for bytes that are now here. Offers
     * wake it only once {@link #WAKE} bytes wait, so that a large upload wakes its reader once per read from the
     * socket, not once per piece; whoever offers must call this when it is done offering.
     */
    void flush() {
        lock.lock();
        try {
            if (waiting && !queue.isEmpty()) changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The client shut its writing side (a hijacked stream's stdin ended): nothing more can be read, so reading is
     * never resumed. Resuming after that makes Netty's epoll transport fail the channel (epoll_ctl: ENOENT), which
     * would cut off the output still on its way to the client.
     */
    void inputShutdown() {
        lock.lock();
        try {
            inputShut = true;
        } finally {
            lock.unlock();
        }
        end();
    }

    /** The body (or the client's writing side) ended normally. */
    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection broke before the end: readers get an IOException. */
    void fail(String reason) {
        lock.lock();
        try {
            if (!ended) failure = reason;
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isEnded() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    boolean isFailed() {
        lock.lock();
        try {
            return failure != null;
        } finally {
            lock.unlock();
        }
    }

    boolean isComplete() {
        lock.lock();
        try {
            return ended && failure == null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** Waits for bytes, then gives what is buffered, up to {@code len}: a large read empties several buffers at once. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        lock.lock();
        try {
            while (queue.isEmpty() && !ended && !discarding) {
                waiting = true;
                try {
                    changed.await();
                } finally {
                    waiting = false;
                }
            }
            if (queue.isEmpty()) {
                if (discarding) return -1;
                if (failure != null) throw new IOException(failure);
                return -1;
            }
            int n = 0;
            while (n < len && !queue.isEmpty()) {
                ByteBuf head = queue.peek();
                int part = Math.min(len - n, head.readableBytes());
                head.readBytes(b, off + n, part);
                if (!head.isReadable()) queue.poll().release();
                n += part;
            }
            queued -= n;
            resumeIfDrained();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the request body");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, queued);
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is buffered and what still arrives, and lets the socket be read again. */
    @Override
    public void close() {
        lock.lock();
        try {
            discarding = true;
            queue.forEach(ByteBuf::release);
            queue.clear();
            queued = 0;
            resumeIfDrained();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void resumeIfDrained() {
        if (paused && queued <= LOW_WATER && !inputShut) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }
}
