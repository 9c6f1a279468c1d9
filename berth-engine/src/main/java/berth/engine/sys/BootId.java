package berth.engine.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's random id of the current boot: process ids and start times mean something only within one boot. */
public final class BootId {
    private static final Path SOURCE = Path.of("/proc/sys/kernel/random/boot_id");

    private BootId() {}

    public static String current() {
        try {
            return Files.readString(SOURCE).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + SOURCE, e);
        }
    }
}
