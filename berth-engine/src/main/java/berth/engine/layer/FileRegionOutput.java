package berth.engine.layer;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * What an output stream offers when it can send part of a file itself, the kernel copying from the page cache
 * (sendfile) instead of the bytes passing through the heap. {@link TarWriter} sends the contents of large regular
 * files through it, between the header and padding bytes it writes to the same stream.
 */
public interface FileRegionOutput {
    /**
     * Sends {@code count} bytes of {@code file} from {@code position}, after everything written to the stream before
     * and before everything written after. Takes the channel over: it is closed once sent or once sending failed,
     * also when this method throws. A file found shorter than {@code count} while it is sent fails the stream, never
     * sends fewer bytes; bytes the file gained past {@code count} are not sent. May wait while earlier files are still
     * being sent, so that only a few are open at a time.
     */
    void sendFile(FileChannel file, long position, long count) throws IOException;
}
