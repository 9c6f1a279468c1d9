package berth.engine.build;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * A file written by a thread of its own while the caller goes on: the context tar is stored as it is indexed, and on
 * a machine with a core to spare the disk writes overlap the reading, parsing and checksumming of the upload.
 * Chunks of 1 MiB, at most 8 waiting; {@link #finish} hands over the last without waiting, {@link #close} waits for
 * it and reports any write error, {@link #abort} stops the writer where it is. The chunks are native memory of the
 * writer's own, freed once it has ended: a heap chunk would be copied once more by the JDK into
 * a native buffer before each write, and native chunks left to the garbage collector would stay allocated long after.
 */
final class BackgroundFileWriter extends OutputStream {
    private static final int CHUNK = 1 << 20;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final BlockingQueue<ByteBuffer> queue = new LinkedBlockingQueue<>();
    /** At most 8 full chunks wait; the last one and the end mark go in beyond that, so that finish never waits. */
    private final Semaphore slots = new Semaphore(8);
    /** Chunks written and ready for reuse: a 50 MB upload allocates a few chunks, not fifty. */
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(10);
    private final Thread writer;
    private final Arena memory = Arena.ofShared();
    private volatile IOException failure;
    private ByteBuffer current = memory.allocate(CHUNK).asByteBuffer();
    private boolean finished;
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
                    slots.release();
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
        current = reused != null ? reused : memory.allocate(CHUNK).asByteBuffer();
    }

    private void put(ByteBuffer b) throws IOException {
        if (failure != null) throw failure;
        try {
            while (!slots.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (failure != null) throw failure;
                if (!writer.isAlive()) throw new IOException("the build context writer stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("storing the build context was interrupted");
        }
        queue.add(b);
    }

    /**
     * Hands over the last chunk and returns without waiting for the disk: the file is complete once {@link #close}
     * returns. After this no more bytes may be written.
     */
    void finish() throws IOException {
        if (finished) return;
        finished = true;
        try {
            if (failure != null) throw failure;
            current.flip();
            if (current.hasRemaining()) queue.add(current);
            queue.add(END);
        } catch (IOException e) {
            abort();
            throw e;
        }
    }

    /** Finishes, waits until the file is written, and reports any write error. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            if (failure != null) throw failure;
            return;
        }
        try {
            finish();
            writer.join();
        } catch (InterruptedException e) {
            abort();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("storing the build context was interrupted");
        } finally {
            release();
        }
        if (failure != null) throw failure;
    }

    /** Stops writing, wherever the writer is (the file is left incomplete), and frees the chunks. */
    synchronized void abort() {
        finished = true;
        writer.interrupt();
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (failure == null) failure = new InterruptedIOException("storing the build context was stopped");
        release();
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Frees the chunks, once the writer has ended (it no longer touches them). */
    private void release() {
        if (closed || writer.isAlive()) return;
        closed = true;
        memory.close();
    }
}
