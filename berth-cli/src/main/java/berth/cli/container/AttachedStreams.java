package berth.cli.container;

import berth.client.EngineClient;
import berth.client.StreamDemuxer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies a hijacked stream: our stdin to the container, its output to ours (raw with a TTY, demultiplexed without),
 * until the output ends. Typing the detach keys on stdin ends the session early and leaves the container running.
 */
final class AttachedStreams {
    private AttachedStreams() {}

    /** True when the session ended because the user typed the detach keys. */
    static boolean pump(EngineClient.Hijacked attached, boolean stdin, boolean tty, byte[] detachKeys) throws IOException {
        AtomicBoolean detached = new AtomicBoolean();
        if (stdin) {
            Thread.ofPlatform().daemon().start(() -> {
                copyInput(System.in, attached.input(), detachKeys, () -> {
                    detached.set(true);
                    attached.close();
                });
                if (!detached.get()) attached.closeInput();
            });
        } else {
            attached.closeInput();
        }
        try {
            if (tty) {
                attached.output().transferTo(System.out);
            } else {
                StreamDemuxer.copy(attached.output(), System.out, System.err);
            }
        } catch (IOException e) {
            if (!detached.get()) throw e;
        }
        System.out.flush();
        return detached.get();
    }

    /**
     * Copies in to out until in ends, holding back bytes that may begin the detach sequence; on the full sequence,
     * calls onDetach instead of sending it.
     */
    static void copyInput(InputStream in, OutputStream out, byte[] keys, Runnable onDetach) {
        byte[] buf = new byte[16 * 1024];
        byte[] pending = new byte[buf.length + keys.length];
        int matched = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                int len = 0;
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (keys.length > 0 && b == keys[matched]) {
                        matched++;
                        if (matched == keys.length) {
                            if (len > 0) out.write(pending, 0, len);
                            out.flush();
                            onDetach.run();
                            return;
                        }
                        continue;
                    }
                    // a partial match that broke off was typed input after all
                    System.arraycopy(keys, 0, pending, len, matched);
                    len += matched;
                    matched = 0;
                    if (keys.length > 0 && b == keys[0]) {
                        matched = 1;
                        continue;
                    }
                    pending[len++] = b;
                }
                out.write(pending, 0, len);
                out.flush();
            }
        } catch (IOException e) {
            // the container went away first
        }
    }
}
