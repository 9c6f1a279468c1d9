package berth.it.harness;

/**
 * The daemon a test class talks to: berthd started by the harness, or an external one (the anchor dockerd) named
 * by {@code -Dberth.it.externalHost=unix:///run/anchor-docker.sock}, against which the docker-CLI scenarios are
 * validated. Tests that need berthd's internals assume {@link BerthDaemon}.
 */
public sealed interface Daemon extends AutoCloseable permits BerthDaemon, ExternalDaemon {

    /** A DOCKER_HOST value, e.g. {@code unix:///tmp/bit-x/berth.sock}. */
    String host();

    /** The last lines of the daemon's log, for failure reports; empty when not ours. */
    String logTail();

    @Override
    void close();
}
