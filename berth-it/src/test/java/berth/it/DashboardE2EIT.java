package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthRoot;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.FreePort;
import berth.it.harness.Harness;
import berth.it.harness.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard as a person uses it, in headless Chromium (Debian's, driven by playwright-core): the scenario is
 * berth-dashboard/e2e/scenario.mjs, run here against a berthd of its own with the dashboard on a free port and a
 * local registry to pull from. One browser for the whole scenario keeps it well under a minute. Screenshots go to
 * berth-it/target/dashboard-shots, or to $BERTH_DASHBOARD_SHOTS (docs/dashboard to refresh the README's pictures).
 */
class DashboardE2EIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry().withDashboard();

    /**
     * An image in the registry only: busybox httpd serving /www/index.html on 8080, saying so in its log first; its
     * shell ends on SIGTERM, so that Stop does not wait for the kill.
     */
    private static String pushWebImage(Docker docker) {
        String ref = harness.registry().address() + "/e2e/web:1";
        docker.exec("""
                FROM busybox:latest
                RUN mkdir /www && echo dashboard-ok > /www/index.html
                EXPOSE 8080
                CMD ["sh", "-c", "trap 'exit 0' TERM; echo serving /www; httpd -f -v -p 8080 -h /www & wait"]
                """.getBytes(StandardCharsets.UTF_8), Docker.DEFAULT_TIMEOUT, "build", "-q", "-t", ref, "-").requireSuccess();
        docker.ok("push", ref);
        docker.ok("rmi", ref);
        // the build's cache keeps the RUN step's layer; without it the page's pull downloads that layer for real
        docker.ok("builder", "prune", "-af");
        return ref;
    }

    @Test
    void aPersonLogsInPullsRunsUsesAndRemovesAContainerInTheBrowser() {
        Harness.assumeBerthd();
        String image = pushWebImage(harness.docker());
        String url = harness.berth().ok("dashboard").out().strip();
        assertThat(url).startsWith("http://127.0.0.1:" + harness.dashboardPort() + "/?token=");

        // node resolves playwright-core from the script's own folder: berth-dashboard/node_modules, installed by the build
        Path script = BerthRoot.root().resolve("berth-dashboard/e2e/scenario.mjs");
        CommandResult run = ProcessRunner.run(List.of("node", script.toString(),
                        "--url", url.substring(0, url.indexOf('?')), "--token", url.substring(url.indexOf("token=") + 6),
                        "--image", image, "--port", Integer.toString(FreePort.find()), "--shots", shotsDir().toString()),
                Map.of(), null, Duration.ofMinutes(3));
        System.out.println(run.stdout());
        System.out.println(run.stderr());
        assertThat(run.exitCode()).as("the scenario failed at the step printed above").isZero();
        assertThat(run.stdout()).contains("ok - the token logs in", "ok - `echo hi` in its terminal prints hi");
    }

    private static Path shotsDir() {
        String configured = System.getenv("BERTH_DASHBOARD_SHOTS");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : BerthRoot.root().resolve("berth-it/target/dashboard-shots");
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
