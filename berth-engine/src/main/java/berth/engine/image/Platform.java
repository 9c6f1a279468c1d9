package berth.engine.image;

import berth.api.errors.InvalidArgumentException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An OCI platform ({@code os/arch[/variant]}), normalised as containerd's platforms package does so that equivalent
 * spellings compare equal: {@code linux/x86_64}, {@code linux/amd64/v1} and {@code amd64} are all {@code linux/amd64};
 * {@code linux/aarch64} and {@code linux/arm64/v8} are {@code linux/arm64}. Berth stores images of any Linux
 * platform; it runs those of {@link #HOST}.
 */
public record Platform(String os, String architecture, String variant) {
    public static final Platform HOST = new Platform("linux", "amd64", "");
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9_-]+");

    public Platform {
        variant = variant == null ? "" : variant;
    }

    /** Parses a {@code --platform} value; an empty or null one is null (no platform asked for). */
    public static Platform parse(String text) {
        if (text == null || text.isBlank()) return null;
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split("/", -1);
        for (String p : parts) {
            if (!COMPONENT.matcher(p).matches()) throw invalid(text);
        }
        Platform p = switch (parts.length) {
            // A lone known architecture means the host's OS; a lone OS means the host's architecture.
            case 1 -> isOs(parts[0]) ? new Platform(parts[0], HOST.architecture, "") : new Platform(HOST.os, parts[0], "");
            case 2 -> new Platform(parts[0], parts[1], "");
            case 3 -> new Platform(parts[0], parts[1], parts[2]);
            default -> throw invalid(text);
        };
        return p.normalized();
    }

    /** Parses and refuses what Berth cannot hold: images for another operating system than Linux. */
    public static Platform parseForLinux(String text) {
        Platform p = parse(text);
        if (p != null && !p.os.equals("linux")) {
            throw new InvalidArgumentException("image operating system \"" + p.os
                    + "\" cannot be used on this platform: operating system is not supported");
        }
        return p;
    }

    private static boolean isOs(String s) {
        return switch (s) {
            case "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "aix", "android",
                 "ios", "plan9", "js", "wasip1", "dragonfly" -> true;
            default -> false;
        };
    }

    private static InvalidArgumentException invalid(String text) {
        return new InvalidArgumentException("\"" + text + "\": cannot parse platform specifier: invalid argument");
    }

    /** containerd's normalizeArch: the canonical architecture and variant. */
    public Platform normalized() {
        String o = os.toLowerCase(Locale.ROOT);
        if (o.equals("macos")) o = "darwin";
        String a = architecture.toLowerCase(Locale.ROOT);
        String v = variant.toLowerCase(Locale.ROOT);
        switch (a) {
            case "i386" -> { a = "386"; v = ""; }
            case "x86_64", "x86-64", "amd64" -> { a = "amd64"; if (v.equals("v1")) v = ""; }
            case "aarch64", "arm64" -> { a = "arm64"; if (v.equals("8") || v.equals("v8")) v = ""; }
            case "armhf" -> { a = "arm"; v = "v7"; }
            case "armel" -> { a = "arm"; v = "v6"; }
            case "arm" -> {
                if (v.isEmpty() || v.equals("7")) v = "v7";
                else if (v.equals("5") || v.equals("6") || v.equals("8")) v = "v" + v;
            }
            default -> { }
        }
        return new Platform(o, a, v);
    }

    /** Whether an image or index entry of {@code os/architecture/variant} is this platform. */
    public boolean matches(String os, String architecture, String variant) {
        if (os == null || architecture == null) return false;
        return equals(new Platform(os, architecture, variant).normalized());
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
