package berth.api;

/**
 * Engine API versions. Berth implements the API of moby's api/swagger.yaml at {@link #CURRENT}
 * (what docker CLI v28.2 speaks) and accepts requests down to {@link #MIN}.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    public static final ApiVersion CURRENT = new ApiVersion(1, 50);
    public static final ApiVersion MIN = new ApiVersion(1, 24);
    /**
     * The Docker Engine release that speaks {@link #CURRENT}, reported as the server's version in /version and /info:
     * tools compare it (Testcontainers wants >= 1.6.0, compose checks features by it). Berth's own version is beside it.
     */
    public static final String DOCKER_RELEASE = "28.2.2";

    public static ApiVersion parse(String text) {
        int dot = text.indexOf('.');
        try {
            if (dot <= 0) throw new NumberFormatException();
            return new ApiVersion(Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid API version: " + text);
        }
    }

    public boolean isSupported() {
        return compareTo(MIN) >= 0 && compareTo(CURRENT) <= 0;
    }

    public boolean atLeast(String other) {
        return compareTo(parse(other)) >= 0;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
