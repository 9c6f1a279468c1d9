package berth.it.harness;

/** A daemon the harness did not start and must not stop. */
public record ExternalDaemon(String host) implements Daemon {

    @Override
    public String logTail() {
        return "";
    }

    @Override
    public void close() {
        // not ours
    }
}
