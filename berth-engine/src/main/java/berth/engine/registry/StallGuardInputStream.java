package berth.engine.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body that fails when no byte arrives for {@code stall}: the JDK's HTTP client has no read timeout, and a
 * registry that stops sending mid-blob would otherwise hold a pull forever. A watchdog closes the stream, which ends
 * the blocked read; the read then reports the stall instead of a short body.
 */
final class StallGuardInputStream extends FilterInputStream {
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final long stallNanos;
    private final String what;
    private final ScheduledFuture<?> check;
    /** When the read now blocked began (System.nanoTime), or 0 between reads: time the reader spends elsewhere
     * (unpacking, syncing) is not the registry's stall. */
    private volatile long waitingSince;
    private volatile boolean stalled;
    private volatile boolean closed;

    StallGuardInputStream(InputStream in, Duration stall, String what) {
        super(in);
        this.stallNanos = stall.toNanos();
        this.what = what;
        long period = Math.max(50, stall.toMillis() / 4);
        this.check = WATCHDOG.scheduleAtFixedRate(this::checkProgress, period, period, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon()
                .name("registry-stall-watchdog").factory());
        s.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(s);
    }

    private void checkProgress() {
        long since = waitingSince;
        if (closed || since == 0 || System.nanoTime() - since < stallNanos) return;
        stalled = true;
        try {
            close();
        } catch (IOException e) {
            // the read that was waiting fails either way
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (stalled) throw stallError(null);
        int n;
        waitingSince = System.nanoTime() | 1;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            if (stalled) throw stallError(e);
            throw e;
        } finally {
            waitingSince = 0;
        }
        if (stalled) throw stallError(null);
        return n;
    }

    private IOException stallError(IOException cause) {
        return new RegistryStallException("the registry sent no data for " + format(Duration.ofNanos(stallNanos)) + " while "
                + what + " (registry-stall-timeout)", cause);
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        check.cancel(false);
        super.close();
    }
}
