package berth.it.harness;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal ustar writer. Hand-written on purpose: hostile layers need names that libraries normalise away
 * (leading {@code /}, {@code ..}) and links pointing anywhere; names and link targets must stay under 100 bytes.
 */
public final class Tar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Tar dir(String name) {
        return entry(name.endsWith("/") ? name : name + "/", '5', 0755, "", new byte[0]);
    }

    public Tar file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public Tar file(String name, byte[] content) {
        return entry(name, '0', 0644, "", content);
    }

    public Tar symlink(String name, String target) {
        return entry(name, '2', 0777, target, new byte[0]);
    }

    public Tar hardlink(String name, String target) {
        return entry(name, '1', 0644, target, new byte[0]);
    }

    /** The archive with its two zero end blocks. */
    public byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    private Tar entry(String name, char type, int mode, String link, byte[] content) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, octal(mode, 7));
        put(h, 108, 8, octal(0, 7));
        put(h, 116, 8, octal(0, 7));
        put(h, 124, 12, octal(content.length, 11));
        put(h, 136, 12, octal(1704067200L, 11)); // 2024-01-01, fixed so digests are stable
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, 8, octal(sum, 6) + "\0 ");
        out.writeBytes(h);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    private static String octal(long v, int width) {
        return String.format("%0" + width + "o", v);
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > len) throw new IllegalArgumentException("tar field too long: " + s);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
