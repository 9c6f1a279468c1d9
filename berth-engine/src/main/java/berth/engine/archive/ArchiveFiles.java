package berth.engine.archive;

import berth.api.errors.InvalidArgumentException;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The files of an archive being loaded, by cleaned name: small ones in memory (metadata, configs; at most
 * {@link #MEMORY_LIMIT} in all), the others as blobs in the content store, where layers are kept anyway. Links
 * (symbolic and hard, which Docker's older archives use for a layer shared by two images) are aliases between names;
 * they never leave the archive.
 */
final class ArchiveFiles {
    /** Files up to this size stay in memory. */
    static final int SMALL = 1 << 20;
    /** All the small files of one archive together. */
    static final long MEMORY_LIMIT = 64L << 20;
    private static final int MAX_LINK_DEPTH = 16;

    /** A file of the archive: in memory, or stored as a blob. */
    sealed interface File permits InMemory, Stored {}

    record InMemory(byte[] bytes) implements File {}

    record Stored(Digest digest, long size) implements File {}

    private final ContentStore content;
    private final Map<String, File> files = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();
    private long memory;

    ArchiveFiles(ContentStore content) {
        this.content = content;
    }

    void putSmall(String name, byte[] bytes) {
        memory += bytes.length;
        if (memory > MEMORY_LIMIT) {
            throw new InvalidArgumentException("invalid archive: more than " + (MEMORY_LIMIT >> 20)
                    + " MiB of small files");
        }
        files.put(name, new InMemory(bytes));
    }

    void putStored(String name, Digest digest, long size) {
        files.put(name, new Stored(digest, size));
    }

    void link(String name, String target) {
        links.put(name, target);
    }

    boolean has(String name) {
        try {
            return find(name) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The file a name (following links) stands for; a missing one is an error naming it. */
    File get(String name, String namedBy) {
        File f = find(name);
        if (f == null) {
            throw new InvalidArgumentException("invalid archive: " + ArchivePath.quote(name) + " named by " + namedBy
                    + " is not in the archive");
        }
        return f;
    }

    private File find(String name) {
        String n = name;
        for (int depth = 0; depth <= MAX_LINK_DEPTH; depth++) {
            File f = files.get(n);
            if (f != null) return f;
            String next = links.get(n);
            if (next == null) return null;
            n = next;
        }
        throw new InvalidArgumentException("invalid archive: too many levels of links at " + ArchivePath.quote(name));
    }

    /** The bytes of a small file (metadata, a config); a file larger than {@code limit} is refused. */
    byte[] read(String name, String namedBy, int limit) throws IOException {
        return switch (get(name, namedBy)) {
            case InMemory m -> m.bytes();
            case Stored s -> {
                if (s.size() > limit) {
                    throw new InvalidArgumentException("invalid archive: " + ArchivePath.quote(name) + " is larger than "
                            + (limit >> 20) + " MiB");
                }
                yield content.readAll(s.digest());
            }
        };
    }

    /** The file as a stored blob (a small file is stored now). */
    Stored stored(String name, String namedBy) throws IOException {
        return switch (get(name, namedBy)) {
            case Stored s -> s;
            case InMemory m -> new Stored(content.put(m.bytes()), m.bytes().length);
        };
    }

    InputStream open(Stored s) throws IOException {
        return content.open(s.digest());
    }
}
