package berth.engine.volume;

import berth.api.errors.InvalidArgumentException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The local driver's volume names (moby's volume/local: at least two characters of that set) and anonymous names. */
public final class VolumeNames {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private VolumeNames() {}

    /** Docker's message, which also tells a user who meant a host directory what to write instead. */
    public static void check(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new InvalidArgumentException("create " + name + ": \"" + name + "\" includes invalid characters for"
                    + " a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a"
                    + " host directory, use absolute path");
        }
    }

    /** 64 hex digits, as Docker names anonymous volumes. */
    static String anonymous() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
