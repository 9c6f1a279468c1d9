package berth.engine.layer;

import berth.api.errors.ConflictException;
import berth.api.errors.NotFoundException;
import berth.engine.content.Digest;
import berth.engine.content.DigestMismatchException;
import berth.engine.store.Database;
import berth.engine.store.Leases;
import berth.engine.sys.FileSync;
import berth.engine.sys.TopDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Layers as directories {@code layers/<dir>/diff}, {@code dir} a random 26-character id, plus Docker overlay2's
 * short links {@code layers/l/<dir> -> ../<dir>/diff}. The links are what {@link #lowerDirs} returns: overlayfs
 * takes its options in one page (4096 bytes), so every byte per lower dir counts; a caller that needs more layers
 * than fit can mount with paths relative to {@code layers/} (Docker's overlay2 does) since each is "l/" + id.
 */
final class LocalLayerStore implements LayerStore {
    static final String LINKS = "l";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Path links;
    /**
     * Up to this many files and directories, a new layer is synced file by file (a commit's, a small build step's):
     * it then waits for its own data only, not for what other programs left dirty on the same filesystem.
     */
    private static final int SYNC_FILE_BY_FILE_MAX = 128;
    private final LayerTable table;
    private final ChainLocks locks = new ChainLocks();

    private final Leases leases;

    private LocalLayerStore(Path root, LayerTable table, Leases leases) {
        this.root = root;
        this.links = root.resolve(LINKS);
        this.table = table;
        this.leases = leases;
    }

    static LocalLayerStore open(Path dataRoot, Database db) throws IOException {
        Path root = dataRoot.resolve("layers");
        Files.createDirectories(root.resolve(LINKS));
        try {
            // Each layer a hierarchy of its own, in a block group of its own (ext4): see TopDirectory. Without it every
            // layer fills the group of layers/, and on an ext4 without a journal each file a pull creates there first
            // skips every inode that the last rmi freed in it (measured: ~40% of berthd's CPU in a cold pull of a layer
            // of small files right after an rmi, in ext4's recently_deleted).
            TopDirectory.mark(root);
        } catch (IOException e) {
            System.getLogger(LocalLayerStore.class.getName()).log(System.Logger.Level.DEBUG,
                    "layers directory not marked as top directory: " + e.getMessage());
        }
        return new LocalLayerStore(root, new LayerTable(db), db.leases());
    }

    @Override
    public Optional<Layer> get(Digest chainId) {
        return table.ready(chainId).map(this::layer);
    }

    @Override
    public Layer register(Digest parent, Digest expectedDiffId, InputStream uncompressedTar) throws IOException {
        return register(parent, expectedDiffId, uncompressedTar, () -> {});
    }

    @Override
    public Layer register(Digest parent, Digest expectedDiffId, InputStream uncompressedTar, BeforeReady beforeReady)
            throws IOException {
        if (parent != null && table.ready(parent).isEmpty()) throw new NotFoundException("No such layer: " + parent);
        if (expectedDiffId == null) return unpack(null, parent, null, uncompressedTar, beforeReady);
        Digest chain = LayerStore.chainId(parent, expectedDiffId);
        try (ChainLocks.Held _ = locks.lock(chain)) {
            Optional<Layer> existing = get(chain);
            if (existing.isPresent()) {
                // Read it anyway: callers tee the stream (into the content store, a digest) and expect it consumed.
                uncompressedTar.transferTo(OutputStream.nullOutputStream());
                return existing.get();
            }
            return unpack(chain, parent, expectedDiffId, uncompressedTar, beforeReady);
        }
    }

    @Override
    public Layer registerBesideParent(Digest parent, Digest expectedDiffId, InputStream uncompressedTar,
            BeforeReady awaitParent) throws IOException {
        if (parent == null || table.ready(parent).isPresent()) {
            return register(parent, expectedDiffId, uncompressedTar, awaitParent);
        }
        Digest chain = LayerStore.chainId(parent, expectedDiffId);
        try (ChainLocks.Held _ = locks.lock(chain)) {
            Optional<Layer> existing = get(chain);
            if (existing.isPresent()) {
                uncompressedTar.transferTo(OutputStream.nullOutputStream());
                return existing.get();
            }
            return fill(chain, parent, expectedDiffId, extracting(uncompressedTar), awaitParent, true);
        }
    }

    @Override
    public Layer registerWritten(Digest parent, LayerWriter writer) throws IOException {
        if (parent != null && table.ready(parent).isEmpty()) throw new NotFoundException("No such layer: " + parent);
        return fill(null, parent, null, writer, () -> {}, false);
    }

    /** Unpacks into a fresh directory under a 'creating' row; the chain lock is held iff {@code knownChain} is set. */
    private Layer unpack(Digest knownChain, Digest parent, Digest expected, InputStream tar, BeforeReady beforeReady)
            throws IOException {
        return fill(knownChain, parent, expected, extracting(tar), beforeReady, false);
    }

    private static LayerWriter extracting(InputStream tar) {
        return diff -> {
            HashingInputStream hashing = new HashingInputStream(tar);
            long size = TarExtractor.extract(hashing, diff);
            // The diff ID covers the whole stream, including any padding after the end-of-archive marker.
            return new Written(hashing.drainAndDigest(), size);
        };
    }

    /**
     * Fills a fresh directory under a 'creating' row; the chain lock is held iff {@code knownChain} is set. With
     * {@code parentPending}, the row names no parent until it turns ready (the parent's row may still go away), and
     * the parent must be ready once {@code beforeReady} returned.
     */
    private Layer fill(Digest knownChain, Digest parent, Digest expected, LayerWriter writer, BeforeReady beforeReady,
            boolean parentPending) throws IOException {
        String dir = newDirId();
        table.insertCreating(knownChain != null ? knownChain.toString() : LayerTable.placeholder(dir), expected,
                parentPending ? null : parent, dir);
        try {
            Path diff = Files.createDirectories(root.resolve(dir).resolve("diff"));
            Written written = writer.write(diff);
            Digest actual = written.diffId();
            long size = written.size();
            if (expected != null && !expected.equals(actual)) {
                throw new DigestMismatchException("digest mismatch: expected " + expected + " got " + actual);
            }
            Files.createSymbolicLink(links.resolve(dir), Path.of("..", dir, "diff"));
            // Ready means durable: the files, their directories and the link reach the disk before the row says so.
            FileSync.syncTree(diff, SYNC_FILE_BY_FILE_MAX, List.of(root.resolve(dir), root, links));
            beforeReady.check();
            if (parentPending && table.ready(parent).isEmpty()) throw new NotFoundException("No such layer: " + parent);
            Digest chain = LayerStore.chainId(parent, actual);
            if (knownChain != null) return publish(dir, chain, actual, parent, diff, size);
            // The caller could not lease a chain it did not know: publishing (or finding and refreshing) it under the
            // guard makes it young before any collection can look at it. Guard first, then the chain lock, as the
            // collector takes them.
            try (Leases.Guard _ = leases.guard(); ChainLocks.Held _ = locks.lock(chain)) {
                Optional<Layer> existing = get(chain);
                if (existing.isEmpty()) return publish(dir, chain, actual, parent, diff, size);
                table.touch(chain);
                discard(dir); // the same content, unpacked by someone else first
                return existing.get();
            }
        } catch (Throwable t) {
            try {
                discard(dir);
            } catch (IOException | RuntimeException cleanup) {
                t.addSuppressed(cleanup);
            }
            throw t;
        }
    }

    private Layer publish(String dir, Digest chain, Digest diffId, Digest parent, Path diff, long size) {
        table.markReady(dir, chain, diffId, parent, size);
        return new Layer(chain, diffId, parent, diff, size);
    }

    @Override
    public List<Path> lowerDirPaths(Digest chainId) {
        List<LayerTable.ChainDir> dirs = table.chainDirs(chainId);
        if (dirs.isEmpty()) throw new NotFoundException("No such layer: " + chainId);
        return dirs.stream().map(d -> links.resolve(d.dir())).toList();
    }

    @Override
    public List<Path> lowerDirs(Digest chainId) throws DamagedLayerException {
        List<LayerTable.ChainDir> dirs = table.chainDirs(chainId);
        if (dirs.isEmpty()) throw new NotFoundException("No such layer: " + chainId);
        List<Path> out = new ArrayList<>(dirs.size());
        for (LayerTable.ChainDir d : dirs) {
            // A missing directory would fail the overlay mount with a bare ENOENT; name the layer instead.
            if (!Files.isDirectory(root.resolve(d.dir()).resolve("diff"))) throw new DamagedLayerException(d.chainId());
            out.add(links.resolve(d.dir()));
        }
        return out;
    }

    @Override
    public void delete(Digest chainId) throws IOException {
        try (ChainLocks.Held _ = locks.lock(chainId)) {
            if (table.hasChildren(chainId)) {
                throw new ConflictException("layer " + chainId + " is the parent of another layer");
            }
            Optional<String> dir = table.delete(chainId);
            // Row first, then files: a crash in between leaves a directory without a row, which recover() sweeps.
            if (dir.isPresent()) removeFiles(dir.get());
        }
    }

    @Override
    public Leases leases() {
        return leases;
    }

    @Override
    public java.util.Map<Digest, Long> registeredMillis() {
        java.util.Map<Digest, Long> out = new java.util.HashMap<>();
        for (LayerTable.Row r : table.allReady()) out.put(r.chainId(), r.createdSeconds() * 1000);
        return out;
    }

    @Override
    public List<Layer> list() {
        return table.allReady().stream().map(this::layer).toList();
    }

    @Override
    public void recover() throws IOException {
        for (String dir : table.removeCreating()) removeFiles(dir);
        Set<String> known = table.dirs();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.equals(LINKS) && !known.contains(name)) Trees.delete(p);
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(links)) {
            for (Path p : entries) {
                if (!known.contains(p.getFileName().toString())) Files.deleteIfExists(p);
            }
        }
        for (String dir : known) {
            Path link = links.resolve(dir);
            if (RootPath.lstat(link) == null) Files.createSymbolicLink(link, Path.of("..", dir, "diff"));
        }
    }

    private void discard(String dir) throws IOException {
        table.deleteByDir(dir);
        removeFiles(dir);
    }

    private void removeFiles(String dir) throws IOException {
        Files.deleteIfExists(links.resolve(dir));
        Trees.delete(root.resolve(dir));
    }

    private Layer layer(LayerTable.Row r) {
        return new Layer(r.chainId(), r.diffId(), r.parent(), root.resolve(r.dir()).resolve("diff"), r.size());
    }

    /** 26 characters, like Docker's overlay2 link ids: short enough for many lower dirs in one mount option. */
    private static String newDirId() {
        StringBuilder id = new StringBuilder(26);
        for (int i = 0; i < 26; i++) id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return id.toString();
    }
}
