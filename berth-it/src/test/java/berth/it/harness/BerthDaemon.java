package berth.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * berthd as a child process with its own socket, data root and exec root in a {@link Sandbox} (moby's
 * testutil/daemon). {@link #kill()} and {@link #restart()} keep the directories, so crash recovery can be observed.
 */
public final class BerthDaemon implements Daemon {
    /** How berthd is started: debug logging, registries reached over plain HTTP, extra environment (BERTH_RUNC). */
    public record Options(boolean debug, List<String> insecureRegistries, Map<String, String> env, String daemonJson,
                          int dashboardPort) {
        public static Options defaults() {
            return new Options(true, List.of(), Map.of(), "{}", 0);
        }

        public Options withInsecureRegistries(List<String> registries) {
            return new Options(debug, registries, env, daemonJson, dashboardPort);
        }

        public Options withEnv(Map<String, String> extra) {
            return new Options(debug, insecureRegistries, extra, daemonJson, dashboardPort);
        }

        /** The daemon.json berthd reads (default {}). */
        public Options withDaemonJson(String json) {
            return new Options(debug, insecureRegistries, env, json, dashboardPort);
        }

        /**
         * Serves the dashboard on {@code port} (a {@link FreePort}); without this test daemons run with the dashboard
         * off, so that none takes the default port 7380 from the machine's own berthd.
         */
        public Options withDashboardPort(int port) {
            return new Options(debug, insecureRegistries, env, daemonJson, port);
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * berthd's classes, archived by the first daemon of the run that stops cleanly for all later ones (the suite starts
     * berthd over a hundred times); given to bin/berthd through BERTH_JAVA_OPTS.
     */
    private static final ClassArchive ARCHIVE = new ClassArchive("berthd-it.jsa");

    private final Sandbox sandbox;
    private final Options options;
    private final TestNetworks.Assigned networks = TestNetworks.assign();
    private Process process;
    private ClassArchive.Use archive;

    private BerthDaemon(Sandbox sandbox, Options options) {
        this.sandbox = sandbox;
        this.options = options;
    }

    public static BerthDaemon start(Options options) {
        Path jar = BerthRoot.berthdJar();
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("berthd is not packaged: " + jar + " is missing");
        BerthDaemon d = new BerthDaemon(Sandbox.create(), options);
        try {
            Files.writeString(d.sandbox.resolve("daemon.json"), TestNetworks.withOwnNetworks(options.daemonJson(), d.networks) + "\n");
            d.launch();
            return d;
        } catch (IOException e) {
            d.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            d.close();
            throw e;
        }
    }

    @Override
    public String host() {
        return "unix://" + socket();
    }

    public Path socket() {
        return sandbox.resolve("berth.sock");
    }

    public Path dataRoot() {
        return sandbox.resolve("data");
    }

    public Path execRoot() {
        return sandbox.resolve("exec");
    }

    /** The bridge name and address range this daemon's networks use (unless its daemon.json chose them). */
    public TestNetworks.Assigned networks() {
        return networks;
    }

    public Path sandboxDir() {
        return sandbox.dir();
    }

    public Path logFile() {
        return sandbox.resolve("berthd.log");
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs; conmon and containers stay behind, as after a crash. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(20));
        archiveEnded(false);
    }

    /** SIGTERM and wait; SIGKILL if it does not stop in time. */
    public void stop() {
        if (process == null) return;
        if (process.isAlive()) {
            process.destroy();
            if (!awaitExit(Duration.ofSeconds(20))) kill();
        }
        archiveEnded(true);
    }

    private void archiveEnded(boolean cleanly) {
        if (archive != null) ARCHIVE.ended(archive, cleanly);
        archive = null;
    }

    /** Starts berthd again on the same socket and directories (after {@link #kill()} or {@link #stop()}). */
    public void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() throws IOException {
        Files.deleteIfExists(socket());
        List<String> cmd = new ArrayList<>(List.of(BerthRoot.berthdLauncher().toString(), "-H", host(), "--data-root", dataRoot().toString(),
                "--exec-root", execRoot().toString(), "--config-file", sandbox.resolve("daemon.json").toString()));
        if (options.debug()) cmd.add("--debug");
        if (options.dashboardPort() > 0) cmd.addAll(List.of("--dashboard-port", Integer.toString(options.dashboardPort())));
        else if (!options.daemonJson().contains("\"dashboard\"")) cmd.add("--dashboard=false");
        for (String r : options.insecureRegistries()) {
            cmd.add("--insecure-registry");
            cmd.add(r);
        }
        Files.writeString(logFile(), "=== " + Instant.now() + " " + String.join(" ", cmd) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(options.env());
        archive = ARCHIVE.next();
        pb.environment().put("BERTH_JAVA_OPTS", String.join(" ", archive.options()));
        // the launcher then leaves out the archive scripts/build.sh trains: the run's own archive stands in for it
        pb.environment().put("BERTH_AOT_TRAINING", "1");
        try {
            process = pb.start();
        } catch (IOException e) {
            archiveEnded(false);
            throw e;
        }
        awaitPing();
    }

    /**
     * Waits until berthd answers /_ping and then /info: the socket answers /_ping before start-up recovery is done,
     * and tests that look at the store directly must see it recovered (/info waits for the engine).
     */
    private void awaitPing() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!ping() || !answers("/info")) {
            if (!process.isAlive()) {
                throw new AssertionError("berthd exited with " + process.exitValue() + " before answering /_ping\n" + logTail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("berthd did not answer /_ping within " + START_TIMEOUT + "\n" + logTail());
            }
            Poll.sleep(100);
        }
    }

    /** GET /_ping over the unix socket with a raw channel: the harness must not depend on berth's own client. */
    public boolean ping() {
        return answers("/_ping");
    }

    private boolean answers(String path) {
        if (!Files.exists(socket())) return false;
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket()))) {
            ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(64);
            while (buf.position() < 12 && ch.read(buf) > 0) {
                // status line: "HTTP/1.1 200"
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return "--- berthd log " + logFile() + " (last 80 lines) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no berthd log: " + e + ")";
        }
    }

    /**
     * Removes the containers through berthd first, so that it tears their networks down (bridges, veths, iptables
     * rules live outside the sandbox), stops berthd, then removes whatever it left: conmons, mounts, the directory.
     */
    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) removeContainers();
            if (process != null) stop();
        } finally {
            sandbox.close();
        }
    }

    private void removeContainers() {
        Docker docker = new Docker(host());
        CommandResult ids = docker.run("ps", "-aq");
        if (!ids.succeeded() || ids.out().isEmpty()) return;
        List<String> args = new ArrayList<>(List.of("rm", "-f"));
        args.addAll(ids.outLines());
        docker.run(args.toArray(String[]::new));
    }
}
