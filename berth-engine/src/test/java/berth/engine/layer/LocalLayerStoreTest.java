package berth.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.ConflictException;
import berth.api.errors.NotFoundException;
import berth.engine.content.Digest;
import berth.engine.content.DigestMismatchException;
import berth.engine.store.Database;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLayerStoreTest {
    private static final byte[] BASE = new TarBuilder().file("etc/os-release", "berth").file("bin/sh", "sh").build();
    private static final byte[] TOP = new TarBuilder().file("app/run", "run").build();

    @TempDir
    Path dataRoot;
    Database db;
    LayerStore store;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(dataRoot.resolve("berth.db"));
        store = LayerStore.open(dataRoot, db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static InputStream in(byte[] tar) {
        return new ByteArrayInputStream(tar);
    }

    @Test
    void layersDirectoryIsTheTopOfItsLayersHierarchiesOnExt4() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(berth.engine.sys.StatFs.type(dataRoot) == 0xEF53, "not ext4");
        Process p = new ProcessBuilder("lsattr", "-d", dataRoot.resolve("layers").toString()).start();
        String flags = new String(p.getInputStream().readAllBytes()).split(" ")[0];
        assertThat(p.waitFor()).isZero();
        assertThat(flags).contains("T");
    }

    @Test
    void registerUnpacksAndReportsDiffIdChainIdAndSize() throws IOException {
        LayerStore.Layer layer = store.register(null, Digest.sha256(BASE), in(BASE));
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(BASE));
        assertThat(layer.chainId()).isEqualTo(Digest.sha256(BASE));
        assertThat(layer.size()).isEqualTo(7);
        assertThat(layer.diffDir().resolve("etc/os-release")).hasContent("berth");
        assertThat(layer.diffDir()).isEqualTo(dataRoot.resolve("layers").resolve(layer.diffDir().getParent().getFileName()).resolve("diff"));
        assertThat(store.get(layer.chainId())).contains(layer);
    }

    @Test
    void layerDirectoryIsARandomIdNotTheChainId() throws IOException {
        LayerStore.Layer layer = store.register(null, null, in(BASE));
        assertThat(layer.diffDir().getParent().getFileName().toString()).matches("[a-z2-7]{26}");
    }

    @Test
    void registerWithoutExpectedDiffIdAcceptsWhatTheTarHashesTo() throws IOException {
        LayerStore.Layer layer = store.register(null, null, in(BASE));
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(BASE));
    }

    @Test
    void chainIdOfAnUpperLayerCombinesParentAndDiffId() throws IOException {
        LayerStore.Layer base = store.register(null, Digest.sha256(BASE), in(BASE));
        LayerStore.Layer top = store.register(base.chainId(), Digest.sha256(TOP), in(TOP));
        assertThat(top.chainId()).isEqualTo(LayerStore.chainId(base.chainId(), Digest.sha256(TOP)));
        assertThat(top.parent()).isEqualTo(base.chainId());
    }

    @Test
    void layerUnpackedBesideItsParentTurnsReadyOnlyAfterTheParent() throws Exception {
        Digest baseChain = Digest.sha256(BASE);
        java.util.concurrent.CountDownLatch unpacked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<LayerStore.Layer> base = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.Future<LayerStore.Layer> top = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
                .submit(() -> store.registerBesideParent(baseChain, Digest.sha256(TOP), in(TOP), () -> {
                    unpacked.countDown();
                    base.join();
                }));

        assertThat(unpacked.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("unpacked before the parent exists").isTrue();
        assertThat(store.get(LayerStore.chainId(baseChain, Digest.sha256(TOP)))).as("not ready before its parent").isEmpty();
        base.complete(store.register(null, baseChain, in(BASE)));

        LayerStore.Layer layer = top.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(layer.parent()).isEqualTo(baseChain);
        assertThat(store.get(layer.chainId())).contains(layer);
        assertThat(store.lowerDirs(layer.chainId())).hasSize(2);
    }

    @Test
    void layerUnpackedBesideAParentThatNeverArrivesIsDiscarded() throws IOException {
        Digest missing = Digest.sha256(BASE);
        assertThatThrownBy(() -> store.registerBesideParent(missing, Digest.sha256(TOP), in(TOP), () -> {}))
                .isInstanceOf(berth.api.errors.NotFoundException.class)
                .hasMessage("No such layer: " + missing);
        assertThat(store.list()).isEmpty();
        assertThat(layerEntries()).containsExactly("l");
        assertThat(rowCount()).isZero();
    }

    @Test
    void diffIdCoversBytesAfterTheEndOfArchiveMarker() throws IOException {
        byte[] padded = Arrays.copyOf(BASE, BASE.length + 4096);
        LayerStore.Layer layer = store.register(null, null, in(padded));
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(padded));
    }

    @Test
    void mismatchingDiffIdFailsNamingBothAndLeavesNothing() throws IOException {
        Digest wrong = Digest.sha256(TOP);
        assertThatThrownBy(() -> store.register(null, wrong, in(BASE)))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessage("digest mismatch: expected " + wrong + " got " + Digest.sha256(BASE));
        assertThat(store.list()).isEmpty();
        assertThat(layerEntries()).containsExactly("l");
        assertThat(rowCount()).isZero();
    }

    @Test
    void registeringAnExistingChainReturnsItAndConsumesTheStream() throws IOException {
        LayerStore.Layer first = store.register(null, Digest.sha256(BASE), in(BASE));
        ByteArrayInputStream again = new ByteArrayInputStream(BASE);
        assertThat(store.register(null, Digest.sha256(BASE), again)).isEqualTo(first);
        assertThat(again.available()).isZero();
        assertThat(layerEntries()).hasSize(2);
    }

    @Test
    void importingTheSameContentTwiceKeepsOneLayer() throws IOException {
        LayerStore.Layer first = store.register(null, null, in(BASE));
        assertThat(store.register(null, null, in(BASE))).isEqualTo(first);
        assertThat(layerEntries()).hasSize(2);
    }

    @Test
    void concurrentRegistersOfOneChainUnpackOnce() throws Exception {
        List<Future<LayerStore.Layer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> store.register(null, Digest.sha256(BASE), in(BASE))));
            }
        }
        LayerStore.Layer first = results.getFirst().get();
        for (Future<LayerStore.Layer> f : results) assertThat(f.get()).isEqualTo(first);
        assertThat(layerEntries()).hasSize(2);
    }

    @Test
    void registerOnAMissingParentFails() {
        assertThatThrownBy(() -> store.register(Digest.sha256(BASE), null, in(TOP))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void lowerDirsAreShortLinksTopMostFirst() throws IOException {
        LayerStore.Layer base = store.register(null, Digest.sha256(BASE), in(BASE));
        LayerStore.Layer top = store.register(base.chainId(), Digest.sha256(TOP), in(TOP));
        List<Path> lowers = store.lowerDirs(top.chainId());
        assertThat(lowers).hasSize(2);
        assertThat(lowers).allSatisfy(p -> assertThat(p.getParent()).isEqualTo(dataRoot.resolve("layers/l")));
        assertThat(lowers.get(0).toRealPath()).isEqualTo(top.diffDir().toRealPath());
        assertThat(lowers.get(1).toRealPath()).isEqualTo(base.diffDir().toRealPath());
        assertThat(lowers.get(0).toString().length()).isLessThan(top.diffDir().toString().length());
    }

    @Test
    void lowerDirsOfAnUnknownChainFail() {
        assertThatThrownBy(() -> store.lowerDirs(Digest.sha256(BASE))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteRemovesRowDirectoryAndLink() throws IOException {
        LayerStore.Layer layer = store.register(null, null, in(BASE));
        store.delete(layer.chainId());
        assertThat(store.get(layer.chainId())).isEmpty();
        assertThat(layerEntries()).containsExactly("l");
        assertThat(linkEntries()).isEmpty();
    }

    @Test
    void deletingAParentOfAnotherLayerConflicts() throws IOException {
        LayerStore.Layer base = store.register(null, null, in(BASE));
        store.register(base.chainId(), null, in(TOP));
        assertThatThrownBy(() -> store.delete(base.chainId())).isInstanceOf(ConflictException.class);
    }

    @Test
    void listReturnsReadyLayers() throws IOException {
        LayerStore.Layer base = store.register(null, null, in(BASE));
        LayerStore.Layer top = store.register(base.chainId(), null, in(TOP));
        assertThat(store.list()).containsExactlyInAnyOrder(base, top);
    }

    @Test
    void recoverRemovesCreatingRowsTheirDirectoriesAndOrphans() throws IOException {
        LayerStore.Layer kept = store.register(null, null, in(BASE));
        Files.createDirectories(dataRoot.resolve("layers/crashedcrashedcrashedcrash/diff/etc"));
        Files.createSymbolicLink(dataRoot.resolve("layers/l/crashedcrashedcrashedcrash"), Path.of("../crashedcrashedcrashedcrash/diff"));
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO layers (chain_id, diff_id, parent, dir, size, state, "
                    + "created) VALUES ('creating:crashedcrashedcrashedcrash', '', NULL, 'crashedcrashedcrashedcrash', 0, "
                    + "'creating', 0)")) {
                s.executeUpdate();
            }
        });
        Files.createDirectories(dataRoot.resolve("layers/orphanorphanorphanorphanor/diff"));
        store.recover();
        assertThat(rowCount()).isEqualTo(1);
        assertThat(layerEntries()).containsExactlyInAnyOrder("l", kept.diffDir().getParent().getFileName().toString());
        assertThat(linkEntries()).containsExactly(kept.diffDir().getParent().getFileName().toString());
        assertThat(store.get(kept.chainId())).contains(kept);
    }

    private List<String> layerEntries() throws IOException {
        try (Stream<Path> s = Files.list(dataRoot.resolve("layers"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private List<String> linkEntries() throws IOException {
        try (Stream<Path> s = Files.list(dataRoot.resolve("layers/l"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private int rowCount() {
        return db.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM layers")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void lowerDirsNamesTheLayerWhoseDirectoryIsGone() throws IOException {
        LayerStore.Layer base = store.register(null, Digest.sha256(BASE), in(BASE));
        LayerStore.Layer top = store.register(base.chainId(), Digest.sha256(TOP), in(TOP));
        Trees.delete(base.diffDir());

        assertThatThrownBy(() -> store.lowerDirs(top.chainId()))
                .isInstanceOf(DamagedLayerException.class)
                .hasMessage("layer " + base.chainId() + " is damaged (its files are missing): remove the image and pull it again");
        assertThat(store.lowerDirPaths(top.chainId())).hasSize(2); // still shown by inspect
    }

    @Test
    void aFailedCheckBeforeReadyLeavesNoLayer() throws IOException {
        assertThatThrownBy(() -> store.register(null, Digest.sha256(BASE), in(BASE), () -> {
            throw new DigestMismatchException("blob digest mismatch");
        })).isInstanceOf(DigestMismatchException.class);

        assertThat(store.list()).isEmpty();
        assertThat(layerEntries()).containsExactly(LocalLayerStore.LINKS);
    }
}
