package berth.engine.content;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, "sha256:" and 64 lower-case hex digits. Used for blob digests, image IDs (the
 * config's digest), diff IDs and chain IDs. An invalid one cannot be constructed.
 */
public record Digest(String algorithm, String hex) {
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    public Digest {
        if (!"sha256".equals(algorithm)) throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
        if (!HEX64.matcher(hex).matches()) throw new IllegalArgumentException("invalid digest: " + algorithm + ":" + hex);
    }

    /** Whether {@code text} is 64 lower-case hex digits, the part of a sha256 digest after "sha256:". */
    public static boolean isHex(String text) {
        return HEX64.matcher(text).matches();
    }

    public static Digest parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("invalid digest: " + text);
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] data) {
        return of(newSha256().digest(data));
    }

    public static Digest of(byte[] sha256) {
        return new Digest("sha256", HexFormat.of().formatHex(sha256));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The 12-digit short form Docker prints. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
