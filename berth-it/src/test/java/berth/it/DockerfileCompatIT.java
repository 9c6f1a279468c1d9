package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility corpus: Dockerfiles after the examples of Docker's documentation, each in a directory under
 * {@code src/test/resources/dockerfiles} with its context and an {@code expect.json}. Each must build through the
 * docker CLI and give the image config and the output Docker gives. Run the same class against Docker itself with
 * {@code -Dberth.it.externalHost=unix:///run/anchor-docker.sock} to check an expectation (fixtures marked
 * {@code buildkitOnly} use syntax the classic builder of the anchor Docker lacks and are skipped there).
 *
 * <p>{@code expect.json}: {@code buildArgs}, {@code target}: how to build; {@code config}: fields of the image's
 * Config that must be equal ({@code Env+}: entries that must be among Env); {@code image}: top-level fields;
 * {@code run}: {@code docker run --rm <image> args...} and its expected standard output.
 */
class DockerfileCompatIT {
    private static final Path CORPUS = Path.of("src/test/resources/dockerfiles");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void buildsWithTheConfigAndBehaviourDockerGives(String fixture) throws IOException {
        Path dir = CORPUS.resolve(fixture).toAbsolutePath();
        JsonNode expect = JSON.readTree(dir.resolve("expect.json").toFile());
        Assumptions.assumeFalse(Harness.external() && expect.path("buildkitOnly").asBoolean(),
                "the anchor's classic builder lacks this syntax");

        String image = harness.track(harness.name("compat-" + fixture) + ":test");
        List<String> build = new ArrayList<>(List.of("build", "-q", "-t", image));
        for (Map.Entry<String, JsonNode> arg : expect.path("buildArgs").properties()) {
            build.add("--build-arg");
            build.add(arg.getKey() + "=" + arg.getValue().asText());
        }
        if (expect.has("target")) {
            build.add("--target");
            build.add(expect.get("target").asText());
        }
        build.add(dir.toString());
        docker.ok(build.toArray(String[]::new));

        JsonNode inspected = JSON.readTree(docker.ok("image", "inspect", image).out()).get(0);
        assertConfig(fixture, inspected.path("Config"), expect.path("config"));
        for (Map.Entry<String, JsonNode> field : expect.path("image").properties()) {
            assertThat(inspected.path(field.getKey())).as(fixture + ": image " + field.getKey()).isEqualTo(field.getValue());
        }
        for (JsonNode run : expect.path("run")) {
            List<String> args = new ArrayList<>(List.of("run", "--rm", "--pull", "never", image));
            run.path("args").forEach(a -> args.add(a.asText()));
            CommandResult r = docker.ok(args.toArray(String[]::new));
            assertThat(r.out()).as(fixture + ": " + args).isEqualTo(run.path("out").asText());
        }
    }

    private static void assertConfig(String fixture, JsonNode actual, JsonNode expected) {
        for (Map.Entry<String, JsonNode> field : expected.properties()) {
            String key = field.getKey();
            if (key.equals("Env+")) {
                List<String> env = new ArrayList<>();
                actual.path("Env").forEach(e -> env.add(e.asText()));
                field.getValue().forEach(e -> assertThat(env).as(fixture + ": Env").contains(e.asText()));
                Set<String> names = new HashSet<>();
                env.forEach(e -> assertThat(names.add(e.split("=", 2)[0])).as(fixture + ": one entry per name in " + env).isTrue());
                continue;
            }
            JsonNode value = actual.path(key);
            JsonNode want = field.getValue();
            if (want.isNull()) {
                assertThat(value.isMissingNode() || value.isNull() || value.isEmpty())
                        .as(fixture + ": Config." + key + " is empty, was " + value).isTrue();
            } else {
                assertThat(value).as(fixture + ": Config." + key).isEqualTo(want);
            }
        }
    }
}
