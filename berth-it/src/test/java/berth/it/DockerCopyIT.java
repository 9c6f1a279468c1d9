package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** docker cp both ways, diff and export, on running and stopped containers. */
class DockerCopyIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    /** A container whose filesystem has a file, a directory, a symlink out of its root and a deletion. */
    private static final String SETUP = "mkdir -p /data/sub && echo inside > /data/sub/file && echo top > /data/top"
            + " && ln -s ../../../../../../etc /escape && ln -s /data/top /toplink && rm /etc/group";

    private final Docker docker = harness.docker();

    @TempDir
    Path tmp;

    private String running(String hint) {
        String name = harness.name(hint);
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", SETUP + " && echo ready && sleep 300");
        berth.it.harness.Poll.until(Duration.ofSeconds(20)).check(() -> docker.run("logs", name).out().contains("ready"),
                () -> name + " did not get ready");
        return name;
    }

    private String stopped(String hint) {
        String name = harness.name(hint);
        docker.ok("run", "--name", name, "busybox", "sh", "-c", SETUP);
        return name;
    }

    private String cat(String container, String path) {
        CommandResult r = docker.ok("cp", container + ":" + path, tmp.resolve("cat").toString());
        try {
            String text = Files.readString(tmp.resolve("cat"));
            Files.delete(tmp.resolve("cat"));
            return text;
        } catch (IOException e) {
            throw new AssertionError(r.describe(), e);
        }
    }

    @Test
    void copiesDirectoryOutOfRunningContainer() throws IOException {
        String name = running("cp-out");
        docker.ok("cp", name + ":/data", tmp.resolve("out").toString());
        assertThat(tmp.resolve("out/sub/file")).hasContent("inside");
        assertThat(tmp.resolve("out/top")).hasContent("top");
        docker.ok("rm", "-f", name);
    }

    @Test
    void copiesFileOutOfStoppedContainer() {
        String name = stopped("cp-out-stopped");
        assertThat(cat(name, "/data/sub/file")).isEqualTo("inside\n");
        docker.ok("rm", name);
    }

    @Test
    void copiesFileIntoRunningContainer() throws IOException {
        String name = running("cp-in");
        Files.writeString(tmp.resolve("new.txt"), "from the host");
        docker.ok("cp", tmp.resolve("new.txt").toString(), name + ":/data/");
        assertThat(cat(name, "/data/new.txt")).isEqualTo("from the host");
        docker.ok("rm", "-f", name);
    }

    @Test
    void copiesDirectoryIntoStoppedContainerAndItRunsWithIt() throws IOException {
        String name = stopped("cp-in-stopped");
        Files.createDirectories(tmp.resolve("conf/d"));
        Files.writeString(tmp.resolve("conf/d/setting"), "on");
        docker.ok("cp", tmp.resolve("conf").toString(), name + ":/etc/");
        assertThat(cat(name, "/etc/conf/d/setting")).isEqualTo("on");
        docker.run("start", "-a", name); // its script fails on the second run (the links exist): it ran
        assertThat(cat(name, "/etc/conf/d/setting")).as("still there after a run").isEqualTo("on");
        docker.ok("rm", name);
    }

    @Test
    void copyToStdoutWritesTar() {
        String name = running("cp-stdout");
        CommandResult r = docker.ok("cp", name + ":/data/top", "-");
        assertThat(r.stdout()).contains("top").contains("ustar");
        docker.ok("rm", "-f", name);
    }

    @Test
    void copyFromStdinExtractsTar() throws IOException, InterruptedException {
        String name = running("cp-stdin");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("piped"), "via stdin");
        Process tar = new ProcessBuilder("tar", "-c", "-C", src.toString(), "piped").start();
        byte[] archive = tar.getInputStream().readAllBytes();
        assertThat(tar.waitFor()).isZero();
        CommandResult r = docker.exec(archive, Docker.DEFAULT_TIMEOUT, "cp", "-", name + ":/data");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(cat(name, "/data/piped")).isEqualTo("via stdin");
        docker.ok("rm", "-f", name);
    }

    @Test
    void copyIntoContainerKeepsTheArchivesOwners() throws Exception {
        String name = running("cp-owner");
        docker.ok("cp", ownedFile().toString(), name + ":/data/owned");
        assertThat(ownerInContainer(name, "/data/owned")).isEqualTo("1234/2345");
        docker.ok("rm", "-f", name);
    }

    @Test
    void archiveModeGivesFilesTheContainersUser() throws Exception {
        String name = harness.name("cp-owner-a");
        docker.ok("run", "-d", "--name", name, "-u", "nobody", "busybox", "sleep", "300");
        docker.ok("cp", "-a", ownedFile().toString(), name + ":/tmp/owned");
        assertThat(ownerInContainer(name, "/tmp/owned")).isEqualTo("65534/65534");
        docker.ok("rm", "-f", name);
    }

    private Path ownedFile() throws IOException {
        Path f = tmp.resolve("owned");
        Files.writeString(f, "x");
        Files.setAttribute(f, "unix:uid", 1234);
        Files.setAttribute(f, "unix:gid", 2345);
        return f;
    }

    /** uid/gid of a path in the container, from the tar docker cp writes to stdout. */
    private String ownerInContainer(String container, String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c",
                "/usr/local/bin/docker cp '" + container + ":" + path + "' - | tar -tv --numeric-owner");
        pb.environment().putAll(docker.env());
        Process p = pb.start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(listing).isZero();
        return listing.strip().split("\\s+")[1];
    }

    @Test
    void followLinkCopiesTheTargetNotTheLink() {
        String name = running("cp-follow");
        docker.ok("cp", "-L", name + ":/toplink", tmp.resolve("followed").toString());
        assertThat(Files.isSymbolicLink(tmp.resolve("followed"))).isFalse();
        assertThat(tmp.resolve("followed")).hasContent("top");
        docker.ok("cp", name + ":/toplink", tmp.resolve("link").toString());
        assertThat(Files.isSymbolicLink(tmp.resolve("link"))).isTrue();
        docker.ok("rm", "-f", name);
    }

    @Test
    void symlinkOutOfTheRootStaysInsideTheContainer() throws IOException {
        String name = running("cp-escape");
        Files.writeString(tmp.resolve("planted"), "not on the host");
        docker.ok("cp", tmp.resolve("planted").toString(), name + ":/escape/planted");
        assertThat(Path.of("/etc/planted")).doesNotExist();
        assertThat(cat(name, "/etc/planted")).isEqualTo("not on the host");
        assertThat(Files.readString(tmp.resolve("planted"))).isEqualTo("not on the host");
        docker.ok("rm", "-f", name);
    }

    @Test
    void readingThroughAnEscapingSymlinkReadsTheContainersFile() {
        String name = running("cp-escape-read");
        assertThat(cat(name, "/escape/passwd")).startsWith("root:x:0:0:root").doesNotContain("_apt");
        docker.ok("rm", "-f", name);
    }

    @Test
    void copyToMissingParentFailsWithDockersMessage() throws IOException {
        String name = running("cp-missing");
        Files.writeString(tmp.resolve("f"), "x");
        CommandResult r = docker.run("cp", tmp.resolve("f").toString(), name + ":/no/such/dir/f");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("Could not find the file /no/such/dir in container " + name);
        docker.ok("rm", "-f", name);
    }

    @Test
    void copyOfMissingPathFailsWithDockersMessage() {
        String name = running("cp-missing-src");
        CommandResult r = docker.run("cp", name + ":/nothing/here", tmp.resolve("x").toString());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("Could not find the file /nothing/here in container " + name);
        docker.ok("rm", "-f", name);
    }

    @Test
    void directoryDoesNotReplaceAFile() throws IOException {
        String name = running("cp-nooverwrite");
        Files.createDirectories(tmp.resolve("top"));
        Files.writeString(tmp.resolve("top/inner"), "x");
        CommandResult r = docker.run("cp", tmp.resolve("top").toString(), name + ":/data/");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("cannot overwrite non-directory");
        assertThat(cat(name, "/data/top")).isEqualTo("top\n");
        docker.ok("rm", "-f", name);
    }

    @Test
    void statHeaderDescribesThePath() throws Exception {
        String name = running("cp-stat");
        String header = statHeader(name, "/toplink");
        String json = new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8);
        assertThat(json).contains("\"name\":\"toplink\"").contains("\"mode\":134218239")
                .contains("\"linkTarget\":\"/data/top\"");
        docker.ok("rm", "-f", name);
    }

    /** HEAD /containers/{id}/archive through curl on the daemon's socket. */
    private String statHeader(String container, String path) throws Exception {
        String socket = docker.host().replaceFirst("^unix://", "");
        Process p = new ProcessBuilder("curl", "-s", "-I", "--unix-socket", socket,
                "http://berth/containers/" + container + "/archive?path=" + path).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : out.split("\r\n")) {
            if (line.toLowerCase().startsWith("x-docker-container-path-stat:")) return line.substring(line.indexOf(':') + 1).strip();
        }
        throw new AssertionError("no stat header in " + out);
    }

    @Test
    void diffListsAddedChangedAndDeletedPaths() {
        String name = stopped("diff");
        CommandResult r = docker.ok("diff", name);
        assertThat(r.outLines()).contains("A /data", "A /data/sub/file", "C /etc", "D /etc/group", "A /escape");
        docker.ok("rm", name);
    }

    @Test
    void exportWritesTheWholeFilesystem() throws Exception {
        String name = stopped("export");
        Path tar = tmp.resolve("export.tar");
        docker.ok("export", "-o", tar.toString(), name);
        Process list = new ProcessBuilder("tar", "-t", "-f", tar.toString()).start();
        String names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor()).isZero();
        assertThat(names.lines()).contains("bin/busybox", "data/sub/file", "etc/passwd").doesNotContain("etc/group");
        docker.ok("rm", name);
    }

    @Test
    void copyLeavesNoMountOfAStoppedContainer() {
        String name = stopped("cp-nomount");
        String id = docker.inspect("{{.Id}}", name);
        cat(name, "/data/top");
        // the run's network namespace may still be pinned for a moment (its teardown is queued); no file system may be
        assertThat(mounts().lines().filter(l -> l.contains(id) && !l.contains(" - nsfs ")))
                .as("mounts of the copied container").isEmpty();
        docker.ok("rm", name);
    }

    private static String mounts() {
        try {
            return Files.readString(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
