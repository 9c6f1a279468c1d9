package berth.engine.sys;

import java.io.IOException;

/** A failed system call: names the call, its subject and the errno. */
public final class NativeException extends IOException {
    private final int errno;

    NativeException(String call, String subject, int errno) {
        super(call + " " + subject + ": " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
