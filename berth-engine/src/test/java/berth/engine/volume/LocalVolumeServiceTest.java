package berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.ConflictException;
import berth.api.errors.NotFoundException;
import berth.api.model.Volume;
import berth.api.model.VolumeCreateRequest;
import berth.engine.events.EventService;
import berth.engine.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalVolumeServiceTest {
    @TempDir
    Path root;
    private Database db;
    private VolumeService volumes;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(root.resolve("berth.db"));
        volumes = VolumeService.open(db, root, EventService.create());
        db.update(c -> c.createStatement().execute(
                "INSERT INTO images (id, manifest_digest, size, created) VALUES ('img', 'm', 0, 0)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void container(String id) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO containers (id, name, image_id, created, config) VALUES (?, ?, 'img', 0, '{}')")) {
                s.setString(1, id);
                s.setString(2, id);
                s.execute();
            }
        });
    }

    private void dropContainer(String id) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM containers WHERE id = ?")) {
                s.setString(1, id);
                s.execute();
            }
        });
    }

    private static VolumeCreateRequest named(String name) {
        return new VolumeCreateRequest(name, null, null, Map.of("k", "v"), null);
    }

    @Test
    void createIsIdempotentAndMakesTheDataDirectory() {
        Volume a = volumes.create(named("data"));
        Volume b = volumes.create(named("data"));
        assertThat(b.createdAt()).isEqualTo(a.createdAt());
        assertThat(Path.of(a.mountpoint())).isDirectory().isEqualTo(root.resolve("volumes/data/_data"));
        assertThat(volumes.list(Map.of())).extracting(Volume::name).containsExactly("data");
    }

    @Test
    void aVolumeUsedByAContainerCannotBeRemoved() {
        container("c1");
        List<MountSpec> recorded = volumes.attach("c1", List.of(MountParser.bind("data:/d")));
        assertThat(recorded.getFirst().source()).isEqualTo("data");
        assertThatThrownBy(() -> volumes.remove("data", true)).isInstanceOf(ConflictException.class)
                .hasMessage("remove data: volume is in use - [c1]");
        dropContainer("c1");
        volumes.remove("data", false);
        assertThat(root.resolve("volumes/data")).doesNotExist();
        assertThatThrownBy(() -> volumes.inspect("data")).isInstanceOf(NotFoundException.class)
                .hasMessage("get data: no such volume");
    }

    @Test
    void anonymousVolumesGetAGeneratedNameAndTheAnonymousLabel() {
        container("c1");
        String name = volumes.attach("c1", List.of(MountParser.anonymous("/cache"))).getFirst().source();
        assertThat(name).matches("[0-9a-f]{64}");
        assertThat(volumes.inspect(name).labels()).containsKey("com.docker.volume.anonymous");
        assertThat(volumes.anonymous(List.of(name, "other"))).containsExactly(name);
    }

    @Test
    void pruneTakesUnusedAnonymousVolumesUnlessAllIsAsked() {
        volumes.create(named("kept"));
        String anonymous = volumes.create(new VolumeCreateRequest(null, null, null, null, null)).name();
        assertThat(volumes.prune(Map.of(), false, true).deleted()).containsExactly(anonymous);
        assertThat(volumes.prune(Map.of(), false, false).deleted()).containsExactly(anonymous);
        assertThat(volumes.prune(Map.of("all", List.of("true")), false, false).deleted()).containsExactly("kept");
    }

    @Test
    void listFiltersByDanglingAndLabel() {
        container("c1");
        volumes.create(named("free"));
        volumes.attach("c1", List.of(MountParser.bind("used:/d")));
        assertThat(volumes.list(Map.of("dangling", List.of("true")))).extracting(Volume::name).containsExactly("free");
        assertThat(volumes.list(Map.of("label", List.of("k=v")))).extracting(Volume::name).containsExactly("free");
        assertThatThrownBy(() -> volumes.list(Map.of("colour", List.of("red")))).hasMessage("invalid filter 'colour'");
    }

    @Test
    void recoveryDeletesDirectoriesWithoutARowAndKeepsTheOthers() throws Exception {
        volumes.create(named("real"));
        Files.createDirectories(root.resolve("volumes/orphan/_data"));
        Files.writeString(root.resolve("volumes/real/_data/f"), "x");
        VolumeService.open(db, root, EventService.create());
        assertThat(root.resolve("volumes/orphan")).doesNotExist();
        assertThat(root.resolve("volumes/real/_data/f")).hasContent("x");
    }

    @Test
    void removeRacingAttachNeverLeavesAMountWithoutItsVolume() throws Exception {
        for (int round = 0; round < 50; round++) {
            String id = "c" + round;
            container(id);
            volumes.create(named("vol"));
            CountDownLatch go = new CountDownLatch(1);
            List<Throwable> errors = new ArrayList<>();
            Thread attach = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    volumes.attach(id, List.of(MountParser.bind("vol:/d")));
                } catch (Throwable t) {
                    errors.add(t);
                }
            });
            Thread remove = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    volumes.remove("vol", false);
                } catch (ConflictException | NotFoundException expected) {
                    // the mount was first
                } catch (Throwable t) {
                    errors.add(t);
                }
            });
            go.countDown();
            attach.join();
            remove.join();
            assertThat(errors).isEmpty();
            assertThat(volumes.inspect("vol").name()).isEqualTo("vol");
            assertThat(root.resolve("volumes/vol/_data")).isDirectory();
            dropContainer(id);
            volumes.remove("vol", false);
        }
    }

    @Test
    void volumesDirectoryIsTheTopOfItsVolumesHierarchiesOnExt4() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(berth.engine.sys.StatFs.type(root) == 0xEF53, "not ext4");
        Process p = new ProcessBuilder("lsattr", "-d", root.resolve("volumes").toString()).start();
        String flags = new String(p.getInputStream().readAllBytes()).split(" ")[0];
        assertThat(p.waitFor()).isZero();
        assertThat(flags).contains("T");
    }
}
