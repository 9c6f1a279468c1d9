package berth.engine.build.dockerfile;

import java.util.List;
import java.util.Set;

/**
 * The build arguments every build knows without an ARG instruction. The proxy ones may be passed with
 * {@code --build-arg} and are then in the environment of RUN without a declaring ARG (and, as in Docker, left out of
 * the image history); the platform ones are set by the builder and are visible in FROM lines (global scope) and, in a
 * stage, after a bare {@code ARG NAME}.
 */
public final class PredefinedArgs {
    private PredefinedArgs() {}

    /** Proxy variables, both spellings. */
    public static final List<String> PROXIES = List.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    /** Platform variables the builder fills in from the target and the build platform. */
    public static final List<String> PLATFORM = List.of("TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
            "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT");

    /** Every predefined name. */
    public static final Set<String> ALL = Set.copyOf(concat());

    public static boolean isProxy(String name) {
        return PROXIES.contains(name);
    }

    public static boolean isPlatform(String name) {
        return PLATFORM.contains(name);
    }

    private static List<String> concat() {
        var all = new java.util.ArrayList<>(PROXIES);
        all.addAll(PLATFORM);
        return all;
    }
}
