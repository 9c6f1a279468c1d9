package berth.engine.build;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A file written by a thread of its own while the caller goes on: the context tar is stored as it is indexed, and on
 * a machine with a core to spare the disk writes overlap the reading, parsing and checksumming of the upload.
 * Chunks of 1 MiB, at most 8 waiting; {@link #close} waits for the last and reports any write error.
 */
final class BackgroundFileWriter extends OutputStream {
    private static final int CHUNK = 1 << 20;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final BlockingQueue<ByteBuffer> queue = new ArrayBlockingQueue<>(8);
    /** Chunks written and ready for reuse: a 50 MB upload allocates a few chunks, not fifty. */
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(10);
    private final Thread writer;
    private volatile IOException failure;
    private ByteBuffer current = ByteBuffer.allocate(CHUNK);
    private boolean closed;

    BackgroundFileWriter(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writer = Thread.ofPlatform().daemon().name("build-context-writer").start(() -> {
            try (channel) {
                while (true) {
                    ByteBuffer b = queue.take();
                    if (b == END) return;
                    while (b.hasRemaining()) channel.write(b);
                    free.offer(b.clear());
                }
            } catch (IOException e) {
                failure = e;
                queue.clear();
            } catch (InterruptedException e) {
                failure = new InterruptedIOException("storing the build context was interrupted");
            }
        });
    }

    @Override
    public void write(int b) throws IOException {
        if (!current.hasRemaining()) hand();
        current.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (!current.hasRemaining()) hand();
            int n = Math.min(len, current.remaining());
            current.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    private void hand() throws IOException {
        current.flip();
        put(current);
        ByteBuffer reused = free.poll();
        current = reused != null ? reused : ByteBuffer.allocate(CHUNK);
    }

    private void put(ByteBuffer b) throws IOException {
        if (failure != null) throw failure;
        try {
            while (!queue.offer(b, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (failure != null) throw failure;
                if (!writer.isAlive()) throw new IOException("the build context writer stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("storing the build context was interrupted");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            current.flip();
            if (current.hasRemaining()) put(current);
            put(END);
            writer.join();
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("storing the build context was interrupted");
        } catch (IOException e) {
            writer.interrupt();
            throw e;
        }
        if (failure != null) throw failure;
    }
}
