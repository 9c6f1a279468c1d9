package berth.engine.container;

import berth.engine.container.ContainerService.StreamSink;
import berth.engine.container.ContainerService.StreamType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The stdio of an exec run by runc directly: its stdout and stderr pipes go to the client as they come, the client's
 * input to its stdin, whose end (or the client's leaving) closes the process's stdin, as dockerd does for execs.
 */
final class ExecPipes {
    private ExecPipes() {}

    /** Returns once both output pipes have ended (the process and everything it started closed them). */
    static void pump(Process p, InputStream clientInput, boolean stdout, boolean stderr, StreamSink sink) {
        if (clientInput != null) {
            Thread.ofPlatform().daemon().name("exec-stdin").start(() -> feed(clientInput, p.getOutputStream()));
        }
        Thread err = Thread.ofPlatform().daemon().name("exec-stderr")
                .start(() -> copy(p.getErrorStream(), stderr ? StreamType.STDERR : null, sink));
        copy(p.getInputStream(), stdout ? StreamType.STDOUT : null, sink);
        try {
            err.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code type} null: read and drop, so that the process never blocks on a full pipe. */
    private static void copy(InputStream in, StreamType type, StreamSink sink) {
        byte[] buf = new byte[32 * 1024];
        boolean forward = type != null;
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (!forward) continue;
                try {
                    sink.write(type, buf, 0, n);
                } catch (IOException e) {
                    forward = false; // the client left; keep draining
                }
            }
        } catch (IOException e) {
            // the pipe broke: the output is over
        }
    }

    private static void feed(InputStream in, OutputStream stdin) {
        byte[] buf = new byte[32 * 1024];
        try (stdin) {
            int n;
            while ((n = in.read(buf)) > 0) {
                stdin.write(buf, 0, n);
                stdin.flush();
            }
        } catch (IOException e) {
            // the client left or the process closed its stdin: either way stdin ends here
        }
    }
}
