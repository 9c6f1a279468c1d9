package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The key sequence that detaches a client from a TTY session without ending it, in Docker's syntax: comma-separated
 * keys, each a single character or {@code ctrl-<c>} for c in {@code @, a-z, [, \, ], ^, _} (codes 0 to 31).
 * Docker's default is Ctrl-P Ctrl-Q.
 */
record DetachKeys(byte[] sequence) {
    static final DetachKeys DEFAULT = new DetachKeys(new byte[] {16, 17});
    private static final String CONTROLS = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

    /** Null or empty is the default; anything else must parse, or the error names the whole spec as Docker does. */
    static DetachKeys parse(String spec, String errorFormat) {
        if (spec == null || spec.isEmpty()) return DEFAULT;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String key : spec.split(",", -1)) {
            if (key.length() == 1 && key.charAt(0) < 128) {
                out.write(key.charAt(0));
                continue;
            }
            String k = key.toLowerCase(Locale.ROOT);
            if (k.length() != 6 || !k.startsWith("ctrl-") || CONTROLS.indexOf(k.charAt(5)) < 0) {
                throw new InvalidArgumentException(String.format(errorFormat, spec));
            }
            out.write(CONTROLS.indexOf(k.charAt(5)));
        }
        return new DetachKeys(out.toByteArray());
    }

    /** Docker's message for a bad {@code detachKeys} on attach. */
    static DetachKeys forAttach(String spec) {
        return parse(spec, "Invalid detach keys (%s) provided");
    }

    /** Docker's message for a bad {@code DetachKeys} on exec create. */
    static DetachKeys forExec(String spec) {
        return parse(spec, "Invalid escape keys (%s) provided");
    }

    /**
     * Passes input through while watching for the sequence, as Docker's escape proxy does: bytes that could begin it
     * are held back until they turn out not to, and the sequence itself is never passed on.
     */
    final class Scanner {
        private int matched;

        /** Writes what is not (part of) the sequence to {@code out}; true once the whole sequence was typed. */
        boolean scan(byte[] buf, int length, ByteArrayOutputStream out) {
            for (int i = 0; i < length; i++) {
                byte b = buf[i];
                if (b == sequence[matched]) {
                    matched++;
                    if (matched == sequence.length) return true;
                    continue;
                }
                if (matched > 0) {
                    out.write(sequence, 0, matched);
                    matched = 0;
                    if (b == sequence[0]) {
                        matched = 1;
                        if (matched == sequence.length) return true;
                        continue;
                    }
                }
                out.write(b);
            }
            return false;
        }
    }

    Scanner scanner() {
        return new Scanner();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetachKeys d && Arrays.equals(sequence, d.sequence);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sequence);
    }

    @Override
    public String toString() {
        return Arrays.toString(sequence);
    }
}
