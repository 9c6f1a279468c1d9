package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.ProcessRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A container's life cycle as Docker reports it: failed starts, and calls racing on one container. */
class DockerLifecycleIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void containerWhoseCommandIsNotFoundStaysCreatedWithExitCode127() {
        String name = harness.name("notfound");
        docker.ok("create", "--name", name, "busybox", "it-no-such-command");
        CommandResult start = docker.run("start", name);
        assertThat(start.exitCode()).as(start.describe()).isNotZero();
        assertThat(start.stderr()).as(start.describe()).contains("executable file not found");
        assertThat(docker.ok("ps", "-a", "--filter", "name=" + name, "--format", "{{.Status}}").out()).isEqualTo("Created");
        assertThat(docker.inspect("{{.State.Status}} {{.State.ExitCode}}", name)).isEqualTo("created 127");
        assertThat(docker.inspect("{{.State.Error}}", name)).contains("executable file not found");
        docker.ok("rm", name);
    }

    /** The status code of one Engine API call, through curl on the daemon's socket. */
    private String status(String method, String path) {
        String socket = docker.host().replaceFirst("^unix://", "");
        CommandResult r = ProcessRunner.run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--unix-socket", socket, "-X", method, "http://berth" + path), Map.of(), null, Duration.ofSeconds(90));
        return r.out();
    }

    @Test
    void lifecycleCallsRacingOnOneContainerAnswerOnlyDocumentedStatuses() throws Exception {
        String id = docker.ok("run", "-d", "busybox", "sleep", "300").out();
        String[] calls = {"POST /containers/%s/start", "POST /containers/%s/stop?t=0", "POST /containers/%s/kill",
                "POST /containers/%s/restart?t=0"};
        List<String> answers = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Random random = new Random(t);
                boolean remover = t == 0;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        String call = remover && i == 4 ? "DELETE /containers/%s?force=1"
                                : calls[random.nextInt(calls.length)];
                        String[] parts = call.formatted(id).split(" ");
                        answers.add(call.split(" ")[1].replaceAll("\\?.*", "") + " " + status(parts[0], parts[1]));
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        }
        assertThat(answers).as("every answer is 204, 304, 409 or 404")
                .allSatisfy(a -> assertThat(a).matches(".* (204|304|409|404)"));
        assertThat(status("GET", "/containers/" + id + "/json")).isEqualTo("404");
    }
}
