package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.LocalRegistry;
import berth.it.harness.Tar;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving images without a registry, through the docker CLI: save and load (Berth's archives, Docker's, skopeo's
 * docker-archive and oci-archive), import from a file, stdin and a URL, and search of a private registry.
 */
class DockerArchiveIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    @TempDir
    Path work;

    private String tagged(String hint) {
        String ref = harness.track("it/" + harness.name(hint) + ":1");
        harness.docker().ok("tag", "busybox", ref);
        return ref;
    }

    private static List<String> names(Path tar) throws Exception {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) out.add(e.getName());
        }
        return out;
    }

    @Test
    void anImageSavedToAFileLoadsBackAndRuns() {
        Docker docker = harness.docker();
        String ref = tagged("saved");
        Path file = work.resolve("saved.tar");
        docker.ok("save", "-o", file.toString(), ref);
        docker.ok("rmi", ref);
        CommandResult load = docker.ok("load", "-i", file.toString());
        assertThat(load.out()).contains("Loaded image: " + ref);
        assertThat(docker.ok("run", "--rm", ref, "echo", "from the archive").out()).isEqualTo("from the archive");
    }

    @Test
    void berthSavesAndLoadsWithTheDockerClisFlags() {
        Harness.assumeBerthd();
        String ref = tagged("berth-cli");
        Path file = work.resolve("berth.tar");
        harness.berth().ok("save", "-o", file.toString(), ref);
        harness.berth().ok("rmi", ref);
        assertThat(harness.berth().ok("load", "-q", "-i", file.toString()).out()).isEqualTo("Loaded image: " + ref);
        assertThat(harness.docker().ok("run", "--rm", ref, "echo", "berth").out()).isEqualTo("berth");
    }

    @Test
    void aSavedArchiveHasDockersFilesAndTheOciLayout() throws Exception {
        Path file = work.resolve("layout.tar");
        harness.docker().ok("save", "-o", file.toString(), tagged("layout"));
        assertThat(names(file)).contains("manifest.json", "repositories", "index.json", "oci-layout", "blobs/sha256/");
    }

    @Test
    void saveToStdoutAndLoadFromStdinWithQuietPrintOnlyTheNames() {
        Docker docker = harness.docker();
        String a = tagged("pipe-a");
        String b = tagged("pipe-b");
        Path file = work.resolve("two.tar");
        berth.it.harness.ProcessRunner.run(List.of("sh", "-c", "/usr/local/bin/docker save " + a + " " + b + " > " + file),
                docker.env(), null, Duration.ofMinutes(2)).requireSuccess();
        docker.ok("rmi", a, b);
        CommandResult load = docker.exec(readAll(file), Duration.ofMinutes(2), "load", "-q");
        assertThat(load.exitCode()).as(load.describe()).isZero();
        assertThat(load.outLines()).containsExactlyInAnyOrder("Loaded image: " + a, "Loaded image: " + b);
    }

    @Test
    void anArchiveWrittenByDockerLoadsAndRuns() throws Exception {
        Path file = work.resolve("docker.tar");
        try (InputStream gz = getClass().getResourceAsStream("/fixtures/docker-20.10-save-busybox.tar.gz")) {
            Files.write(file, new GZIPInputStream(gz).readAllBytes());
        }
        Docker docker = harness.docker();
        // the archive names its image busybox:latest: the class's own busybox gets its tag back afterwards
        String ours = docker.inspect("{{.Id}}", "busybox:latest");
        try {
            CommandResult load = docker.ok("load", "-i", file.toString());
            assertThat(load.out()).contains("Loaded image: busybox:latest");
            assertThat(docker.ok("run", "--rm", "busybox", "echo", "saved by docker").out()).isEqualTo("saved by docker");
        } finally {
            docker.ok("tag", ours, "busybox:latest");
        }
    }

    @Test
    void archivesWrittenBySkopeoAsDockerArchiveAndOciArchiveLoadAndRun() {
        Docker docker = harness.docker();
        String pushed = harness.track(harness.registry().address() + "/it/" + harness.name("skopeo") + ":1");
        docker.ok("tag", "busybox", pushed);
        docker.ok("push", pushed);
        Path dockerArchive = work.resolve("skopeo-docker.tar");
        Path ociArchive = work.resolve("skopeo-oci.tar");
        String viaDocker = harness.track("it/" + harness.name("from-docker-archive") + ":1");
        String viaOci = harness.track("it/" + harness.name("from-oci-archive") + ":1");
        LocalRegistry.skopeo("copy", "-q", "--src-tls-verify=false", "docker://" + pushed,
                "docker-archive:" + dockerArchive + ":" + viaDocker).requireSuccess();
        LocalRegistry.skopeo("copy", "-q", "--src-tls-verify=false", "docker://" + pushed,
                "oci-archive:" + ociArchive + ":" + viaOci).requireSuccess();
        assertThat(docker.ok("load", "-i", dockerArchive.toString()).out()).contains("Loaded image: " + viaDocker);
        assertThat(docker.ok("load", "-i", ociArchive.toString()).out()).contains("Loaded image: " + viaOci);
        assertThat(docker.ok("run", "--rm", viaDocker, "echo", "d").out()).isEqualTo("d");
        assertThat(docker.ok("run", "--rm", viaOci, "echo", "o").out()).isEqualTo("o");
    }

    @Test
    void skopeoReadsWhatBerthSaves() {
        Path file = work.resolve("for-skopeo.tar");
        harness.docker().ok("save", "-o", file.toString(), tagged("for-skopeo"));
        CommandResult inspect = LocalRegistry.skopeo("inspect", "docker-archive:" + file);
        assertThat(inspect.exitCode()).as(inspect.describe()).isZero();
        assertThat(inspect.out()).contains("\"Architecture\": \"amd64\"");
        CommandResult oci = LocalRegistry.skopeo("inspect", "oci-archive:" + file);
        assertThat(oci.exitCode()).as(oci.describe()).isZero();
    }

    @Test
    void aHostileArchiveIsRefusedAndWritesNothingOutsideTheStore() throws Exception {
        Path target = Files.createTempDirectory(Path.of("/tmp"), "bit-load-escape-");
        try {
            byte[] archive = new Tar().file("../../../../../../.." + target + "/dotdot", "x")
                    .symlink("l/layer.tar", target + "/victim").file("manifest.json", "[]").bytes();
            CommandResult load = harness.docker().exec(archive, Duration.ofMinutes(1), "load");
            assertThat(load.exitCode()).isEqualTo(1);
            assertThat(load.stderr()).contains("invalid archive");
            try (var s = Files.list(target)) {
                assertThat(s.toList()).isEmpty();
            }
        } finally {
            Files.deleteIfExists(target);
        }
    }

    @Test
    void importFromAFileAppliesChangesAndTheMessage() throws Exception {
        Path rootfs = work.resolve("rootfs.tar");
        Files.write(rootfs, berth.it.harness.Busybox.rootfsTar());
        String ref = harness.track("it/" + harness.name("imported") + ":1");
        harness.docker().ok("import", "-c", "ENV GREETING=hello", "-c", "CMD [\"sh\", \"-c\", \"echo $GREETING\"]",
                "-m", "made from a file", rootfs.toString(), ref);
        assertThat(harness.docker().ok("run", "--rm", ref).out()).isEqualTo("hello");
        assertThat(harness.docker().inspect("{{.Comment}}", ref)).isEqualTo("made from a file");
    }

    @Test
    void importFromAUrlFetchesTheTarball() throws Exception {
        byte[] rootfs = berth.it.harness.Busybox.rootfsTar();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/rootfs.tar", x -> {
            x.sendResponseHeaders(200, rootfs.length);
            x.getResponseBody().write(rootfs);
            x.close();
        });
        server.start();
        try {
            String ref = harness.track("it/" + harness.name("from-url") + ":1");
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/rootfs.tar";
            harness.docker().ok("import", "-c", "CMD [\"sh\"]", url, ref);
            assertThat(harness.docker().ok("run", "--rm", ref, "echo", "fetched").out()).isEqualTo("fetched");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void importFromAUrlThatCannotBeReachedFailsWithAClearError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CommandResult r = harness.docker().run("import", "http://127.0.0.1:" + port + "/rootfs.tar");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("Get \"http://127.0.0.1:" + port + "/rootfs.tar\": connection refused");
    }

    @Test
    void searchOfAPrivateRegistryFindsItsRepositoriesAndTags() {
        Docker docker = harness.docker();
        String repo = "it/" + harness.name("findme");
        String pushed = harness.track(harness.registry().address() + "/" + repo + ":7");
        docker.ok("tag", "busybox", pushed);
        docker.ok("push", pushed);
        CommandResult r = docker.ok("search", "--format", "{{.Name}} {{.Description}}",
                harness.registry().address() + "/" + repo);
        assertThat(r.outLines()).containsExactly(harness.registry().address() + "/" + repo + " tags: 7");
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
