package berth.daemon.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/** A listen address given with {@code -H} or "hosts": a Unix socket, or TCP (whose TLS rule is in {@link Tls}). */
public sealed interface Host permits Host.Unix, Host.Tcp {

    record Unix(Path path) implements Host {
        @Override
        public String toString() {
            return "unix://" + path;
        }
    }

    record Tcp(String address, int port) implements Host {
        @Override
        public String toString() {
            return "tcp://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    static Host parse(String text) throws ConfigException {
        if (text.startsWith("unix://")) {
            String path = text.substring("unix://".length());
            if (path.isEmpty() || !path.startsWith("/")) throw invalid(text);
            return new Unix(Path.of(path));
        }
        if (text.startsWith("tcp://")) return tcp(text);
        throw new ConfigException("Invalid bind address format: " + text);
    }

    private static Host tcp(String text) throws ConfigException {
        String rest = text.substring("tcp://".length());
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || rest.indexOf('/') >= 0) throw invalid(text);
        String address = rest.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        if (port < 0 || port > 65535) throw invalid(text);
        try {
            InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw invalid(text);
        }
        return new Tcp(address, port);
    }

    private static ConfigException invalid(String text) {
        return new ConfigException("Invalid bind address format: " + text);
    }
}
