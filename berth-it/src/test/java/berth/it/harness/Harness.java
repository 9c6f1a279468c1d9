package berth.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The JUnit extension every IT registers: one daemon (and optionally a registry and a fault proxy in front of it)
 * per test class when held in a static field, or per test with {@link #perTest()} for tests that kill or restart
 * berthd. Hands out unique names and, against an external daemon, removes what it handed out afterwards.
 * On a failure it prints berthd's log.
 */
public final class Harness implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestExecutionExceptionHandler {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final boolean withRegistry;
    private final boolean perTest;
    private final Map<String, String> env;
    private final String daemonJson;
    private final boolean withDashboard;
    private int dashboardPort;
    private final String runToken = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    private final List<String> containerNames = new ArrayList<>();
    private final List<String> imageRefs = new ArrayList<>();
    private LocalRegistry registry;
    private RegistryProxy proxy;
    private Daemon daemon;

    private Harness(boolean withRegistry, boolean perTest, Map<String, String> env) {
        this(withRegistry, perTest, env, "{}");
    }

    private Harness(boolean withRegistry, boolean perTest, Map<String, String> env, String daemonJson) {
        this(withRegistry, perTest, env, daemonJson, false);
    }

    private Harness(boolean withRegistry, boolean perTest, Map<String, String> env, String daemonJson,
                    boolean withDashboard) {
        this.withDashboard = withDashboard;
        this.withRegistry = withRegistry;
        this.perTest = perTest;
        this.env = env;
        this.daemonJson = daemonJson;
    }

    /** A daemon with busybox, shared by the class. */
    public static Harness shared() {
        return new Harness(false, false, Map.of());
    }

    /** Also a local registry and a fault proxy in front of it, both trusted over plain HTTP by the daemon. */
    public Harness withRegistry() {
        return new Harness(true, perTest, env, daemonJson, withDashboard);
    }

    /** A fresh daemon for every test (register from an instance field). */
    public Harness perTest() {
        return new Harness(withRegistry, true, env, daemonJson, withDashboard);
    }

    /** Environment for berthd, e.g. BERTH_RUNC. */
    public Harness withEnv(Map<String, String> extra) {
        return new Harness(withRegistry, perTest, extra, daemonJson, withDashboard);
    }

    /** The daemon.json of berthd (e.g. registry timeouts). */
    public Harness withDaemonJson(String json) {
        return new Harness(withRegistry, perTest, env, json, withDashboard);
    }

    /** berthd serves its web dashboard on a free loopback port ({@link #dashboardPort()}); other daemons run without it. */
    public Harness withDashboard() {
        return new Harness(withRegistry, perTest, env, daemonJson, true);
    }

    /** The dashboard's port of a daemon started {@link #withDashboard()}. */
    public int dashboardPort() {
        return dashboardPort;
    }

    public static boolean external() {
        return BerthRoot.externalHost() != null;
    }

    /** Skips the calling test unless it runs against berthd (data root, kill -9, the berth CLI). */
    public static void assumeBerthd() {
        Assumptions.assumeFalse(external(), "needs berthd's internals; skipped against an external daemon");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            assumeBerthd();
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) stop();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) stop();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        if (daemon != null) {
            System.err.println("### " + context.getDisplayName() + " failed; daemon " + daemon.host());
            System.err.println(daemon.logTail());
        }
        throw throwable;
    }

    private void start() {
        if (withRegistry) {
            registry = LocalRegistry.start();
            proxy = RegistryProxy.start(registry);
        }
        String externalHost = BerthRoot.externalHost();
        if (externalHost != null) {
            daemon = new ExternalDaemon(externalHost);
        } else {
            List<String> insecure = withRegistry ? List.of(registry.address(), proxy.address()) : List.of();
            dashboardPort = withDashboard ? FreePort.find() : 0;
            daemon = BerthDaemon.start(BerthDaemon.Options.defaults().withInsecureRegistries(insecure).withEnv(env)
                    .withDaemonJson(daemonJson).withDashboardPort(dashboardPort));
        }
        try {
            Busybox.ensureIn(docker());
        } catch (RuntimeException | Error e) {
            System.err.println(daemon.logTail());
            stop();
            throw e;
        }
    }

    private void stop() {
        try {
            if (daemon instanceof ExternalDaemon) removeWhatWeMade();
            if (daemon != null) daemon.close();
        } finally {
            daemon = null;
            if (proxy != null) proxy.close();
            if (registry != null) registry.close();
            proxy = null;
            registry = null;
        }
    }

    private void removeWhatWeMade() {
        Docker docker = docker();
        for (String name : containerNames) docker.run("rm", "-f", name);
        for (String ref : imageRefs) docker.run("rmi", "-f", ref);
        containerNames.clear();
        imageRefs.clear();
    }

    public Daemon daemon() {
        return daemon;
    }

    /** berthd; skips the test against an external daemon. */
    public BerthDaemon berthd() {
        assumeBerthd();
        return (BerthDaemon) daemon;
    }

    public Optional<StoreProbe> store() {
        return daemon instanceof BerthDaemon b ? Optional.of(new StoreProbe(b.dataRoot())) : Optional.empty();
    }

    public Docker docker() {
        return new Docker(daemon.host());
    }

    public Berth berth() {
        assumeBerthd();
        return new Berth(daemon.host());
    }

    public LocalRegistry registry() {
        if (registry == null) throw new IllegalStateException("this Harness has no registry: use withRegistry()");
        return registry;
    }

    public RegistryProxy proxy() {
        registry();
        return proxy;
    }

    /** A container name unique to this run ({@code it-<hint>-<n>-<token>}); removed afterwards from external daemons. */
    public String name(String hint) {
        String n = "it-" + hint + "-" + COUNTER.incrementAndGet() + "-" + runToken;
        containerNames.add(n);
        return n;
    }

    /** An image reference unique to this run, in {@code repository} (e.g. "it-tag" or "127.0.0.1:5000/it/x"). */
    public String image(String repository) {
        String ref = repository + ":" + COUNTER.incrementAndGet() + "-" + runToken;
        imageRefs.add(ref);
        return ref;
    }

    /** An image pushed through {@link #proxy()}: its reference there and the digest of its own (last) layer. */
    public record ProxiedImage(String reference, String layerDigest) {}

    /**
     * busybox plus a layer no daemon has (random bytes), pushed to the registry under {@code it/<hint>:1}; pulled
     * through the fault proxy, so that a fault can be injected on that layer.
     */
    public ProxiedImage pushUniqueThroughProxy(java.nio.file.Path dir, String hint) {
        byte[] noise = new byte[512 * 1024];
        new java.util.Random().nextBytes(noise);
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        OciLayout.Image image = oci.image("amd64", List.of(Busybox.rootfsTar(), new Tar().file("noise", noise).bytes()));
        oci.tag(image.manifest(), "t");
        oci.push("t", track(registry().address() + "/it/" + hint + ":1")).requireSuccess();
        return new ProxiedImage(track(proxy().address() + "/it/" + hint + ":1"), image.layers().getLast().digest());
    }

    /** Records a reference the test made itself, so that it is removed from an external daemon afterwards. */
    public String track(String imageRef) {
        imageRefs.add(imageRef);
        return imageRef;
    }
}
