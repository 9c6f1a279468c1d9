package berth.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import sun.security.jca.ProviderList;
import sun.security.jca.Providers;

/**
 * Opens Unix-domain socket channels, setting up the JDK's support for them cheaply on first use. That set-up (the
 * static initialiser of sun.nio.ch.UnixDomainSockets) asks the security providers for a SecureRandom, used only to name
 * sockets bound without an address, which a client never does; building the SUN provider's table of algorithms for it
 * cost a CLI start ~40 ms of CPU, more than the rest of {@code berth version} (README "Start-up, memory and the berth
 * CLI"). While the first channel is opened, this thread's provider list holds only {@link DeferredRandomProvider},
 * whose random is the JDK's own SecureRandom, made the first time anyone draws from it. The channel comes from the
 * platform's default selector provider directly, not through {@code SelectorProvider.provider()}, which looks for
 * other providers on the class path first (opening every jar of it).
 *
 * <p>Both need two JDK packages exported to the caller ({@code Add-Exports} in the CLI's manifest); without them (a
 * test's class path, another launcher) the channel is opened the ordinary way.
 */
public final class UnixSockets {
    private static volatile boolean prepared;

    private UnixSockets() {}

    /** A new, unconnected Unix-domain stream socket. */
    public static SocketChannel open() throws IOException {
        if (prepared) return openDirect();
        synchronized (UnixSockets.class) {
            try {
                ProviderList previous = Providers.beginThreadProviderList(ProviderList.newList(new DeferredRandomProvider()));
                try {
                    return openDirect();
                } finally {
                    Providers.endThreadProviderList(previous);
                    prepared = true;
                }
            } catch (IllegalAccessError notExported) {
                prepared = true;
                return openDirect();
            }
        }
    }

    /**
     * Sets the JDK's Unix socket support up on a thread of its own, so that it runs beside whatever the caller does
     * before its first connection.
     */
    public static void prepare() {
        Thread.ofPlatform().name("unix-sockets").daemon().start(() -> {
            try {
                open().close();
                // and the JDK's socket helpers, which the first close of a connected channel would set up
                Class.forName("sun.nio.ch.Net", true, null);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                // the caller's own open reports it
            }
        });
    }

    private static SocketChannel openDirect() throws IOException {
        try {
            return sun.nio.ch.DefaultSelectorProvider.get().openSocketChannel(StandardProtocolFamily.UNIX);
        } catch (IllegalAccessError notExported) {
            return SocketChannel.open(StandardProtocolFamily.UNIX);
        }
    }

    /** A provider of one algorithm, SecureRandom of any name, whose instances defer to the JDK's default. */
    static final class DeferredRandomProvider extends Provider {
        private static final long serialVersionUID = 1L;

        DeferredRandomProvider() {
            super("BerthDeferredRandom", "1", "the JDK's SecureRandom, made on first use");
        }

        @Override
        public synchronized Service getService(String type, String algorithm) {
            if (!type.equals("SecureRandom")) return null;
            return new Service(this, type, algorithm, DeferredRandom.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) {
                    return new DeferredRandom();
                }
            };
        }
    }

    /** Draws from {@code new SecureRandom()}, made (and seeded by the JDK) on first use. */
    static final class DeferredRandom extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private transient SecureRandom real;

        private synchronized SecureRandom real() {
            if (real == null) real = new SecureRandom();
            return real;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            real().setSeed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            real().nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return real().generateSeed(numBytes);
        }
    }
}
