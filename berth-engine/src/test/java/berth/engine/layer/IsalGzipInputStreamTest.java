package berth.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.engine.sys.IsalInflater;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ISA-L's gzip decoding reads what java.util.zip's reads, and fails where it fails. */
class IsalGzipInputStreamTest {
    private static final byte[] PLAIN = plain(3_000_000);

    @BeforeAll
    static void libisalIsInstalled() {
        // scripts/install-deps.sh installs libisal2; without it pulls fall back to java.util.zip
        assertThat(IsalInflater.available()).as("libisal2 installed and its layout recognised").isTrue();
    }

    @Test
    void decodesWhatGzipEncoded() throws IOException {
        assertThat(readAll(new IsalGzipInputStream(new ByteArrayInputStream(gzip(PLAIN))))).isEqualTo(PLAIN);
    }

    @Test
    void decodesWhenTheInputArrivesInSmallPieces() throws IOException {
        InputStream trickle = new ByteArrayInputStream(gzip(PLAIN)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        assertThat(readAll(new IsalGzipInputStream(trickle))).isEqualTo(PLAIN);
    }

    @Test
    void decodesConcatenatedMembersAsOneStream() throws IOException {
        byte[] a = Arrays.copyOf(PLAIN, 1000);
        byte[] b = Arrays.copyOfRange(PLAIN, 1000, 500_000);
        byte[] both = concat(gzip(a), gzip(b));
        assertThat(readAll(new IsalGzipInputStream(new ByteArrayInputStream(both)))).isEqualTo(concat(a, b));
    }

    @Test
    void ignoresTrailingBytesThatStartNoMember() throws IOException {
        byte[] padded = concat(gzip(PLAIN), new byte[512]);
        assertThat(readAll(new IsalGzipInputStream(new ByteArrayInputStream(padded)))).isEqualTo(PLAIN);
    }

    @Test
    void aStreamCutInsideAMemberIsAnEofError() {
        byte[] gz = gzip(PLAIN);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        assertThatThrownBy(() -> readAll(new IsalGzipInputStream(new ByteArrayInputStream(cut))))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void aWrongChecksumIsAZipError() {
        byte[] gz = gzip(PLAIN);
        gz[gz.length - 6] ^= 0x55; // inside the CRC-32 of the trailer
        assertThatThrownBy(() -> readAll(new IsalGzipInputStream(new ByteArrayInputStream(gz))))
                .isInstanceOf(ZipException.class);
    }

    @Test
    void corruptDeflateDataIsAZipError() {
        byte[] gz = gzip(PLAIN);
        for (int i = 20; i < 400; i++) gz[i] = (byte) 0xff;
        assertThatThrownBy(() -> readAll(new IsalGzipInputStream(new ByteArrayInputStream(gz))))
                .isInstanceOf(ZipException.class);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[5000];
            for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) out.write(buf, 0, n);
            return out.toByteArray();
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Text with repeats and noise, as layers are: both literals and matches. */
    private static byte[] plain(int size) {
        Random r = new Random(7);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) out[i] = i > 100 && r.nextInt(3) == 0 ? out[i - 1 - r.nextInt(90)] : (byte) ('a' + r.nextInt(26));
        return out;
    }
}
