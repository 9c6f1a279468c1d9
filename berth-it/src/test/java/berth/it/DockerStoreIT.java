package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.BerthDaemon;
import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.OciLayout;
import berth.it.harness.Poll;
import berth.it.harness.RegistryProxy.Fault;
import berth.it.harness.StoreProbe;
import berth.it.harness.Tar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store through the docker CLI: disk usage as {@code docker system df} shows it, garbage collection after rmi and
 * at start-up, and a damaged layer that fails a run clearly and can be removed and pulled again. A daemon per test,
 * because disk usage counts everything in it.
 */
class DockerStoreIT {
    @RegisterExtension
    final Harness harness = Harness.shared().withRegistry().perTest();

    @Test
    void systemDfCountsTheImageAndTheContainersWritableLayerFromDisk() {
        Docker docker = harness.docker();
        StoreProbe store = harness.store().orElseThrow();
        String name = harness.name("df");
        // dd's report stays out of the log: a container's size counts its log too
        docker.ok("run", "--name", name, "busybox", "sh", "-c", "dd if=/dev/zero of=/written bs=1000 count=150 2>/dev/null");

        List<String> lines = docker.ok("system", "df", "--format", "{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Size}}|{{.Reclaimable}}")
                .outLines();

        String onDisk = humanSize(fileBytes(store.dataRoot().resolve("layers")) + fileBytes(store.dataRoot().resolve("content/blobs")));
        assertThat(lines).containsExactly(
                "Images|1|1|" + onDisk + "|0B (0%)",
                "Containers|1|0|150kB|150kB (100%)",
                "Local Volumes|0|0|0B|0B",
                "Build Cache|0|0|0B|0B");
        assertThat(harness.berth().ok("system", "df").out()).as("berth system df prints what docker prints")
                .isEqualTo(docker.ok("system", "df").out());
    }

    @Test
    void systemDfVerboseListsSharedSizeOfImagesOnOneBaseAndEachContainer(@TempDir Path dir) {
        Docker docker = harness.docker();
        String first = pushOnBusybox(dir.resolve("a"), "df-a", "a.txt");
        String second = pushOnBusybox(dir.resolve("b"), "df-b", "b.txt");
        docker.ok("pull", first);
        docker.ok("pull", second);
        String name = harness.name("df-v");
        docker.ok("create", "--name", name, first, "true");

        String out = docker.ok("system", "df", "-v").out();

        String busyboxLine = out.lines().filter(l -> l.startsWith("busybox ")).findFirst().orElseThrow();
        String firstLine = out.lines().filter(l -> l.startsWith(first.substring(0, first.lastIndexOf(':')) + " "))
                .findFirst().orElseThrow();
        String[] b = busyboxLine.split("\\s{2,}");
        String[] f = firstLine.split("\\s{2,}");
        // REPOSITORY TAG IMAGE ID CREATED SIZE SHARED SIZE UNIQUE SIZE CONTAINERS: the busybox layer is in all three
        assertThat(f[5]).as(out).isNotEqualTo("0B");
        assertThat(b[5]).as(out).isNotEqualTo("0B");
        assertThat(f[7]).as(out).isEqualTo("1");
        assertThat(b[7]).as(out).isEqualTo("0");
        assertThat(out).contains(name);
    }

    @Test
    void rmiGivesBackTheLayersAndBlobsNoOtherImageUses(@TempDir Path dir) {
        Docker docker = harness.docker();
        StoreProbe store = harness.store().orElseThrow();
        List<Path> layersBefore = store.layerDirs();
        List<String> blobsBefore = blobs(store);
        String ref = pushOnBusybox(dir, "rmi-gc", "top.txt");
        docker.ok("pull", ref);
        assertThat(store.layerDirs()).hasSize(layersBefore.size() + 1);

        docker.ok("rmi", ref);

        assertThat(store.layerDirs()).as("the busybox base stays, the image's own layer goes").isEqualTo(layersBefore);
        assertThat(blobs(store)).isEqualTo(blobsBefore);
    }

    @Test
    void aFailedMultiLayerPullGivesItsSpaceBackAtOnce(@TempDir Path dir) {
        Docker docker = harness.docker();
        StoreProbe store = harness.store().orElseThrow();
        List<Path> layersBefore = store.layerDirs();
        List<String> blobsBefore = blobs(store);
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        OciLayout.Image image = oci.image("amd64", List.of(Busybox.rootfsTar(), new Tar().file("one", "1\n").bytes(),
                new Tar().file("two", "2\n").bytes()));
        oci.tag(image.manifest(), "t");
        oci.push("t", harness.registry().address() + "/it/failed-pull:1").requireSuccess();
        harness.proxy().inject(Fault.FLIP_BYTE, image.layers().getLast().digest());

        CommandResult pull = docker.run("pull", harness.proxy().address() + "/it/failed-pull:1");

        assertThat(pull.exitCode()).as(pull.describe()).isEqualTo(1);
        Poll.until(Duration.ofSeconds(30)).check(() -> store.layerDirs().equals(layersBefore) && blobs(store).equals(blobsBefore),
                () -> "left after the failed pull: " + store.layerDirs() + " " + blobs(store));
        harness.proxy().clearFault();
    }

    @Test
    void whatAKilledPullLeftBehindIsCollectedAtTheNextStart(@TempDir Path dir) throws Exception {
        BerthDaemon berthd = harness.berthd();
        Docker docker = harness.docker();
        StoreProbe store = harness.store().orElseThrow();
        List<Path> layersBefore = store.layerDirs();
        List<String> blobsBefore = blobs(store);
        byte[] noise = new byte[512 * 1024];
        new Random(7).nextBytes(noise);
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        // Two new layers: the first is registered completely before the pull stalls in the second.
        OciLayout.Image image = oci.image("amd64", List.of(Busybox.rootfsTar(), new Tar().file("one", "1\n").bytes(),
                new Tar().file("noise", noise).bytes()));
        oci.tag(image.manifest(), "t");
        oci.push("t", harness.registry().address() + "/it/killed-pull:1").requireSuccess();
        harness.proxy().inject(Fault.STALL_HALFWAY, image.layers().getLast().digest());
        try (BackgroundCommand pull = docker.background("pull", harness.proxy().address() + "/it/killed-pull:1")) {
            assertThat(harness.proxy().awaitStall(60)).as(pull.describe()).isTrue();
            Poll.until(Duration.ofSeconds(30)).check(() -> store.layerDirs().size() > layersBefore.size(),
                    () -> "the layer below the stalled one was never registered");
            berthd.kill();
        }
        harness.proxy().clearFault();

        berthd.restart();

        Poll.until(Duration.ofSeconds(30)).check(() -> store.layerDirs().equals(layersBefore) && blobs(store).equals(blobsBefore),
                () -> "left after restart: " + store.layerDirs() + " " + blobs(store));
    }

    @Test
    void runOfAnImageWithADamagedLayerFailsNamingItAndTheImageCanBeRemovedAndPulledAgain(@TempDir Path dir)
            throws IOException {
        Docker docker = harness.docker();
        String ref = pushOnBusybox(dir, "damaged", "marker.txt");
        docker.ok("pull", ref);
        Path top = Path.of(docker.inspect("{{.GraphDriver.Data.UpperDir}}", ref)).toRealPath();
        deleteTree(top);
        String topChain = topChainId(docker, ref);

        CommandResult run = docker.exec(null, Duration.ofSeconds(60), "run", "--rm", ref, "cat", "/marker.txt");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(125);
        assertThat(run.stderr()).as(run.describe()).contains("layer " + topChain + " is damaged");
        CommandResult other = docker.ok("run", "--rm", "busybox", "echo", "unaffected");
        assertThat(other.out()).isEqualTo("unaffected");
        docker.ok("rmi", "-f", ref);
        docker.ok("pull", ref);
        CommandResult again = docker.ok("run", "--rm", ref, "cat", "/marker.txt");
        assertThat(again.out()).as(again.describe()).isEqualTo("marker.txt");
    }

    /** The chain ID of an image's top layer, from its diff IDs, as Berth names layers. */
    private static String topChainId(Docker docker, String ref) {
        String[] diffIds = docker.inspect("{{join .RootFS.Layers \" \"}}", ref).split(" ");
        String chain = diffIds[0];
        for (int i = 1; i < diffIds.length; i++) chain = OciLayout.digest((chain + " " + diffIds[i]).getBytes());
        return chain;
    }

    /** busybox's rootfs and one layer holding {@code file} (its content is its name), pushed to the registry. */
    private String pushOnBusybox(Path dir, String hint, String file) {
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        oci.tag(oci.image("amd64", List.of(Busybox.rootfsTar(), new Tar().file(file, file).bytes())).manifest(), "t");
        String ref = harness.track(harness.registry().address() + "/it/" + hint + ":1");
        oci.push("t", ref).requireSuccess();
        return ref;
    }

    private static List<String> blobs(StoreProbe store) {
        try (Stream<Path> s = Files.list(store.dataRoot().resolve("content/blobs/sha256"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes in the regular files under {@code dir}. */
    private static long fileBytes(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** go-units HumanSize: decimal units, 4 significant digits, as `docker system df` prints sizes. */
    private static String humanSize(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double size = bytes;
        int i = 0;
        while (size >= 1000 && i < units.length - 1) {
            size /= 1000;
            i++;
        }
        String n = String.format(Locale.ROOT, "%.4g", size);
        if (n.contains(".")) n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        return n + units[i];
    }
}
