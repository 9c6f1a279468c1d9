package berth.engine.content;

import berth.engine.store.Leases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Blobs as files: {@code content/blobs/sha256/<hex>}, ingests in {@code content/ingest/<random>} on the same
 * filesystem so that publishing is one atomic rename (containerd's content store).
 */
final class LocalContentStore implements ContentStore {

    /** How long the bytes of an interrupted download wait for the pull to be tried again. */
    private static final java.time.Duration PARTIAL_KEPT = java.time.Duration.ofDays(7);

    private final Path blobs;
    private final Path ingest;

    private final Leases leases;
    /** Digests whose partial file an ingest of this process holds. */
    private final java.util.Set<Digest> resuming = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private LocalContentStore(Path blobs, Path ingest, Leases leases) {
        this.blobs = blobs;
        this.ingest = ingest;
        this.leases = leases;
    }

    static LocalContentStore open(Path dataRoot, Leases leases) throws IOException {
        Path content = dataRoot.resolve("content");
        Path blobs = Files.createDirectories(content.resolve("blobs").resolve("sha256"));
        Path ingest = Files.createDirectories(content.resolve("ingest"));
        return new LocalContentStore(blobs, ingest, leases);
    }

    Path blobPath(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    @Override
    public boolean exists(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    @Override
    public Optional<Long> size(Digest digest) {
        try {
            return Optional.of(Files.size(blobPath(digest)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        // The name is the only trusted fact: a truncated or altered file fails on its digest at EOF.
        return new VerifiedInputStream(Files.newInputStream(blobPath(digest)), digest, -1);
    }

    @Override
    public byte[] readAll(Digest digest) throws IOException {
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        }
    }

    @Override
    public Digest put(byte[] data) throws IOException {
        try (Ingest w = begin()) {
            w.stream().write(data);
            return w.commit(null, data.length);
        }
    }

    @Override
    public Ingest begin() throws IOException {
        return LocalIngest.create(ingest, this);
    }

    @Override
    public Ingest resume(Digest digest) throws IOException {
        if (!resuming.add(digest)) return begin();
        return LocalIngest.resume(ingest, digest, this, () -> resuming.remove(digest));
    }

    @Override
    public void delete(Digest digest) throws IOException {
        Files.deleteIfExists(blobPath(digest));
    }

    @Override
    public List<Digest> list() throws IOException {
        List<Digest> digests = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(blobs)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (Digest.isHex(name)) digests.add(new Digest("sha256", name));
            }
        }
        return digests;
    }

    @Override
    public List<BlobInfo> inventory() throws IOException {
        List<BlobInfo> out = new ArrayList<>();
        for (Digest d : list()) {
            try {
                BasicFileAttributes a = Files.readAttributes(blobPath(d), BasicFileAttributes.class);
                out.add(new BlobInfo(d, a.size(), a.lastModifiedTime().toMillis()));
            } catch (NoSuchFileException gone) {
                // deleted meanwhile: not stored any more
            }
        }
        return out;
    }

    @Override
    public void recover() throws IOException {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(ingest)) {
            long keepAfter = System.currentTimeMillis() - PARTIAL_KEPT.toMillis();
            for (Path p : dir) {
                try {
                    if (p.getFileName().toString().startsWith(LocalIngest.PARTIAL_PREFIX)
                            && Files.getLastModifiedTime(p).toMillis() > keepAfter) {
                        continue;
                    }
                    Files.delete(p);
                } catch (NoSuchFileException ignored) {
                    // removed concurrently: the goal is reached
                }
            }
        }
    }

    /** Publishes a verified, fsync'd ingest file under its digest; an existing blob counts as success. */
    void publish(Path ingestFile, Digest digest) throws IOException {
        try (Leases.Guard _ = leases.guard()) {
            publishGuarded(ingestFile, digest);
        }
    }

    private void publishGuarded(Path ingestFile, Digest digest) throws IOException {
        Path target = blobPath(digest);
        if (Files.exists(target)) {
            Files.deleteIfExists(ingestFile);
            // Committed again means wanted again: as young as a new blob, so a collection running meanwhile keeps it.
            Files.setLastModifiedTime(target, FileTime.fromMillis(System.currentTimeMillis()));
            return;
        }
        // The commit time is what leases compare with their start (System.currentTimeMillis): stamped from that
        // clock, not left as the last write's mtime, which the kernel's coarse clock may put a few ms earlier.
        Files.setLastModifiedTime(ingestFile, FileTime.fromMillis(System.currentTimeMillis()));
        // Read-only before the rename, so the blob is never visible writable.
        Files.setAttribute(ingestFile, "unix:mode", 0444);
        Files.move(ingestFile, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // The rename is durable only once the directory entry is (containerd's commit does the same).
        try (FileChannel dir = FileChannel.open(blobs, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
