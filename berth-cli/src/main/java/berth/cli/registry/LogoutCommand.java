package berth.cli.registry;

import berth.cli.Verb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth logout [SERVER]}: forgets the stored login, in config.json and in its credential helper. */
@Command(name = "logout", description = "Forget the login kept for a registry")
public final class LogoutCommand extends Verb {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "Registry (default: Docker Hub)") String server;

    @Override
    protected int run() throws Exception {
        String domain = server == null || server.isEmpty() ? "docker.io" : DockerConfig.hostOf(server);
        String key = DockerConfig.serverKey(domain);
        DockerConfig config = DockerConfig.load();
        if (config.lookup(domain).isEmpty()) {
            out.println("Not logged in to " + key);
            return 0;
        }
        out.println("Removing login credentials for " + key);
        config.erase(key);
        return 0;
    }
}
