package berth.engine.layer;

import berth.engine.sys.IsalInflater;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** Plain, gzip, bzip2, xz or zstd tar streams, told apart by their magic bytes as Docker's archive.DecompressStream does. */
public final class Decompression {
    private Decompression() {}

    public static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 64 * 1024);
        b.mark(6);
        byte[] magic = b.readNBytes(6);
        b.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) return gunzip(b);
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') return new BZip2CompressorInputStream(b);
        if (magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z' && magic[3] == 'X'
                && magic[4] == 'Z' && magic[5] == 0) return new XZCompressorInputStream(b);
        if (magic.length >= 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new ZstdInputStream(b);
        }
        return b;
    }

    /** ISA-L where libisal2 is installed (pulls spend most of their CPU time here), else zlib. */
    static InputStream gunzip(InputStream in) throws IOException {
        return IsalInflater.available() ? new IsalGzipInputStream(in) : new GZIPInputStream(in, 64 * 1024);
    }
}
