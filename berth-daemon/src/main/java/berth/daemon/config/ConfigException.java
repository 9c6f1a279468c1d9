package berth.daemon.config;

/** The daemon cannot start with this configuration; the message is shown to the user as is. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
