package berth.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Docker's multiplexed stream: frames of [stream, 0, 0, 0, size (uint32 BE)] then size bytes; 1 stdout, 2 stderr. */
public final class StreamDemuxer {
    private StreamDemuxer() {}

    public static void copy(InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
        byte[] header = new byte[8];
        byte[] buf = new byte[32 * 1024];
        while (true) {
            int got = in.readNBytes(header, 0, 8);
            if (got < 8) return;
            long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            OutputStream target = header[0] == 2 ? stderr : stdout;
            while (size > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, size));
                if (n < 0) return;
                target.write(buf, 0, n);
                size -= n;
            }
            target.flush();
        }
    }
}
