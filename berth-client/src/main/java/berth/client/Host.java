package berth.client;

import java.net.URI;
import java.nio.file.Path;

/** Where the daemon listens: unix:///path or tcp://host:port. */
public sealed interface Host permits Host.Unix, Host.Tcp {
    String DEFAULT = "unix:///run/berth/berth.sock";

    record Unix(Path path) implements Host {
        @Override
        public String toString() {
            return "unix://" + path;
        }
    }

    record Tcp(String host, int port) implements Host {
        @Override
        public String toString() {
            return "tcp://" + host + ":" + port;
        }
    }

    static Host parse(String text) {
        if (text.startsWith("unix://")) return new Unix(Path.of(text.substring(7)));
        if (text.startsWith("tcp://") || text.startsWith("http://")) {
            URI u = URI.create(text.replaceFirst("^tcp://", "http://"));
            return new Tcp(u.getHost(), u.getPort() < 0 ? 2375 : u.getPort());
        }
        if (text.startsWith("/")) return new Unix(Path.of(text));
        throw new IllegalArgumentException("unsupported host: " + text + " (use unix:///path or tcp://host:port)");
    }

    /** Whether {@link #parse} reads {@code text} as a Unix socket. */
    static boolean isUnix(String text) {
        return text.startsWith("unix://") || text.startsWith("/");
    }

    /** -H, else $BERTH_HOST, else $DOCKER_HOST, else the default socket. */
    static String select(String flag, java.util.Map<String, String> env) {
        if (flag != null && !flag.isEmpty()) return flag;
        String berth = env.get("BERTH_HOST");
        if (berth != null && !berth.isEmpty()) return berth;
        String docker = env.get("DOCKER_HOST");
        if (docker != null && !docker.isEmpty()) return docker;
        return DEFAULT;
    }
}
