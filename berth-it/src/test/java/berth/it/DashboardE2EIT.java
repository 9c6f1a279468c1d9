package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthDaemon;
import berth.it.harness.BerthRoot;
import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.FreePort;
import berth.it.harness.Harness;
import berth.it.harness.LocalRegistry;
import berth.it.harness.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as a person uses it, in headless Chromium (Debian's, driven by playwright-core): the scenario is
 * berth-dashboard/e2e/scenario.mjs, run here against a berthd of its own with the dashboard on a free port and a
 * local registry to pull from. One browser for the whole scenario keeps it well under a minute. Screenshots go to
 * berth-it/target/dashboard-shots, or to $BERTH_DASHBOARD_SHOTS (docs/dashboard to refresh the README's pictures).
 */
class DashboardE2EIT {
    private static final Pattern URL = Pattern.compile("\"URL\"\\s*:\\s*\"(http://[^\"?]+)\\?token=([^\"]+)\"");

    private static LocalRegistry registry;
    private static BerthDaemon daemon;

    @BeforeAll
    static void start() {
        Harness.assumeBerthd();
        registry = LocalRegistry.start();
        daemon = BerthDaemon.start(BerthDaemon.Options.defaults().withInsecureRegistries(List.of(registry.address()))
                .withDashboardPort(FreePort.find()));
        Busybox.ensureIn(new Docker(daemon.host()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) daemon.close();
        if (registry != null) registry.close();
    }

    /**
     * An image in the registry only: busybox httpd serving /www/index.html on 8080, saying so in its log first; its
     * shell ends on SIGTERM, so that Stop does not wait for the kill.
     */
    private static String pushWebImage(Docker docker) {
        String ref = registry.address() + "/e2e/web:1";
        docker.exec("""
                FROM busybox:latest
                RUN mkdir /www && echo dashboard-ok > /www/index.html
                EXPOSE 8080
                CMD ["sh", "-c", "trap 'exit 0' TERM; echo serving /www; httpd -f -v -p 8080 -h /www & wait"]
                """.getBytes(), Docker.DEFAULT_TIMEOUT, "build", "-q", "-t", ref, "-").requireSuccess();
        docker.ok("push", ref);
        docker.ok("rmi", ref);
        return ref;
    }

    @Test
    void aPersonLogsInPullsRunsUsesAndRemovesAContainerInTheBrowser() {
        Docker docker = new Docker(daemon.host());
        String image = pushWebImage(docker);
        CommandResult status = ProcessRunner.run(List.of("curl", "-sS", "--unix-socket", daemon.socket().toString(),
                "http://berthd/berth/dashboard"), Map.of(), null, Duration.ofSeconds(10)).requireSuccess();
        Matcher m = URL.matcher(status.stdout());
        assertThat(m.find()).as("GET /berth/dashboard: %s", status.stdout()).isTrue();

        Path shots = shotsDir();
        // node resolves playwright-core from the script's own folder: berth-dashboard/node_modules, installed by the build
        Path script = BerthRoot.root().resolve("berth-dashboard/e2e/scenario.mjs");
        CommandResult run = ProcessRunner.run(List.of("node", script.toString(), "--url", m.group(1), "--token", m.group(2),
                        "--image", image, "--port", Integer.toString(FreePort.find()), "--shots", shots.toString()),
                Map.of(), null, Duration.ofMinutes(3));
        System.out.println(run.stdout());
        System.out.println(run.stderr());
        if (run.exitCode() != 0) System.err.println(daemon.logTail());
        assertThat(run.exitCode()).as("the scenario failed (its steps are above)").isZero();
        assertThat(run.stdout()).contains("ok - the token logs in", "`echo hi` in its terminal prints hi");
    }

    private static Path shotsDir() {
        String configured = System.getenv("BERTH_DASHBOARD_SHOTS");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : BerthRoot.root().resolve("berth-it/target/dashboard-shots");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir.toAbsolutePath();
    }
}
