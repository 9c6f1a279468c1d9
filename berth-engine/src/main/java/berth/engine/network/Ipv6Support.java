package berth.engine.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;

/**
 * Whether this host can listen on IPv6, asked once as Docker asks it (a listener on [::1]): with IPv6 disabled,
 * a port published without an address is published on IPv4 alone instead of failing.
 */
final class Ipv6Support {
    private static volatile Boolean listenable;

    private Ipv6Support() {}

    static boolean listenable() {
        Boolean l = listenable;
        if (l == null) {
            try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
                ch.bind(new InetSocketAddress("::1", 0));
                l = true;
            } catch (IOException | UnsupportedOperationException e) {
                l = false;
            }
            listenable = l;
        }
        return l;
    }
}
