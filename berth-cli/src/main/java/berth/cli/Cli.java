package berth.cli;

import berth.client.EngineClient;
import berth.client.Host;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every verb shares: the client for the selected host, started lazily; berthd started on demand for root. */
public final class Cli {
    private final String hostFlag;
    private EngineClient client;

    public Cli(String hostFlag) {
        this.hostFlag = hostFlag;
    }

    public EngineClient client() {
        if (client != null) return client;
        String selected = Host.select(hostFlag, System.getenv());
        client = new EngineClient(Host.parse(selected));
        if (selected.equals(Host.DEFAULT) && !client.ping() && isRoot()) startDaemon();
        return client;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Starts berthd detached (output to /var/log/berthd.log) and waits up to 10 s for it to answer. */
    private void startDaemon() {
        String home = System.getProperty("berth.home");
        Path berthd = home != null ? Path.of(home, "bin", "berthd") : Path.of("berthd");
        if (home != null && !Files.isExecutable(berthd)) berthd = Path.of("berthd");
        try {
            new ProcessBuilder("setsid", berthd.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("/var/log/berthd.log")))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return;
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && !client.ping()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
