package berth.daemon;

import berth.daemon.config.ConfigException;
import berth.daemon.config.DaemonConfig;
import berth.daemon.config.Flags;
import berth.daemon.http.EarlyListener;
import berth.daemon.log.Log;

/** {@code berthd}: parses flags and daemon.json, starts the daemon, stops it cleanly on SIGTERM or SIGINT. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // beside the parsing of flags and daemon.json, which come first
        EarlyListener.prepare();
        Daemon daemon;
        try {
            Flags flags = Flags.parse(args);
            if (flags.help()) {
                System.out.print(Flags.USAGE);
                return;
            }
            DaemonConfig config = DaemonConfig.load(flags);
            Log.setLevel(config.logLevel());
            daemon = Daemon.start(config);
        } catch (ConfigException e) {
            System.err.println("berthd: " + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            Log.error("berthd failed to start", e);
            System.exit(1);
            return;
        }
        // The JVM runs shutdown hooks on SIGTERM and SIGINT: stop accepting, close the engine, remove socket and pid file
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "berthd-shutdown"));
        try {
            if (!daemon.awaitStop()) System.exit(1);
        } catch (InterruptedException e) {
            daemon.close();
        }
    }
}
