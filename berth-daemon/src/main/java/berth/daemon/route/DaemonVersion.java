package berth.daemon.route;

/**
 * The versions berthd reports. Tools compare the Docker version (Testcontainers wants >= 1.6.0, compose checks
 * features by it), so berthd reports the Docker release whose API it implements; Berth's own version is a
 * component beside it.
 */
public final class DaemonVersion {
    /** The Docker Engine release that speaks API 1.50. */
    public static final String DOCKER = berth.api.ApiVersion.DOCKER_RELEASE;
    public static final String BERTH = "0.1.0";
    /** The Server header, in dockerd's form: some clients parse it for the OS. */
    public static final String SERVER_HEADER = "Docker/" + DOCKER + " (linux)";

    private DaemonVersion() {}
}
