package berth.api;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import sun.security.jca.ProviderList;
import sun.security.jca.Providers;

/**
 * Unix-domain socket channels for the CLI and berthd, without the two slow steps of the JDK's first use of them
 * (issue 11, README "Start-up, memory and the berth CLI"):
 * <ul>
 * <li>{@code SelectorProvider.provider()} looks for other providers with a ServiceLoader, which opens every jar of the
 * class path (berthd's twenty took ~0.3 s at load before its socket was bound). Channels and selectors here come
 * from the platform's default provider, which is what that search ends with.
 * <li>The static initialiser of sun.nio.ch.UnixDomainSockets asks the security providers for a SecureRandom, used
 * only to name sockets bound without an address, which Berth never does; building the SUN provider's table of
 * algorithms for it cost a CLI start ~40 ms of CPU. While that initialiser runs, this thread's provider list holds
 * only {@link DeferredRandomProvider}, whose random is the JDK's own SecureRandom, made the first time anyone draws
 * from it.
 * </ul>
 * Both need two JDK packages exported to the caller ({@code Add-Exports} in the manifests of the CLI and berthd);
 * without them (a test's class path, another launcher) everything takes the JDK's ordinary way.
 */
public final class UnixSockets {
    private static volatile boolean setUp;

    private UnixSockets() {}

    /** A new, unconnected Unix-domain stream socket. */
    public static SocketChannel open() throws IOException {
        setUp();
        return provider().openSocketChannel(StandardProtocolFamily.UNIX);
    }

    /** A new, unbound Unix-domain listening socket. */
    public static ServerSocketChannel openServer() throws IOException {
        setUp();
        return provider().openServerSocketChannel(StandardProtocolFamily.UNIX);
    }

    /** A selector of the platform's default provider. */
    public static Selector openSelector() throws IOException {
        return provider().openSelector();
    }

    /**
     * Sets the JDK's Unix socket support up on a thread of its own, so that it runs beside whatever the caller does
     * before its first socket; a later call waits for it to finish instead of doing it again.
     */
    public static void prepare() {
        // a class, not a lambda: berthd's first lambda spins classes at run time, before its socket is bound
        Thread.ofPlatform().name("unix-sockets").daemon().start(new Preparation());
    }

    private static final class Preparation implements Runnable {
        @Override
        public void run() {
            setUp();
            try {
                // the socket helpers that the first close of a connected channel would otherwise set up
                Class.forName("sun.nio.ch.Net", true, null);
            } catch (ClassNotFoundException | LinkageError e) {
                // set up on first use instead
            }
        }
    }

    private static SelectorProvider provider() {
        try {
            return sun.nio.ch.DefaultSelectorProvider.get();
        } catch (IllegalAccessError notExported) {
            return SelectorProvider.provider();
        }
    }

    /** Initialises sun.nio.ch.UnixDomainSockets (by opening and closing one socket) with the deferred random. */
    private static void setUp() {
        if (setUp) return;
        synchronized (UnixSockets.class) {
            if (setUp) return;
            try {
                ProviderList previous = Providers.beginThreadProviderList(ProviderList.newList(new DeferredRandomProvider()));
                try {
                    provider().openSocketChannel(StandardProtocolFamily.UNIX).close();
                } finally {
                    Providers.endThreadProviderList(previous);
                }
            } catch (IllegalAccessError | IOException e) {
                // not exported to us, or no socket to be had now: the caller's own open takes the ordinary way
            }
            setUp = true;
        }
    }

    /** A provider of one kind of algorithm, SecureRandom of any name, whose instances defer to the JDK's default. */
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
