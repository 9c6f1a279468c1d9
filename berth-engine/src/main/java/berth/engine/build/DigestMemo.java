package berth.engine.build;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content digests of context files berthd has seen, so that a rebuild of an unchanged context does not hash it
 * all again with SHA-256 (the docker CLI sends every file every time; hashing 50 MB costs more than the rest of a
 * fully cached build). A file is taken as known when its name, size, modification time, mode and CRC-32C (computed
 * at memory speed as the bytes pass) are all those of a file hashed before. Bounded; the oldest entries go first.
 */
final class DigestMemo {
    /** What identifies a file's content without hashing it. */
    record Key(String name, long size, long mtimeMillis, int mode, int crc32c) {}

    private static final int CAPACITY = 200_000;

    private final Map<Key, String> digests = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized String get(Key key) {
        return digests.get(key);
    }

    synchronized void put(Key key, String digest) {
        digests.put(key, digest);
    }
}
